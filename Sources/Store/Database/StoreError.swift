/// A store that could not be opened or used, in words an operator can act on.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        /// The file could not be created or opened.
        case cannotOpen
        /// The file is not an SQLite database, or it is damaged.
        case corrupt
        /// The file is an SQLite database that belongs to another program.
        case foreign
        /// The file was written by a newer deskwatch, with migrations this version does not know.
        case newerSchema
        /// A query failed.
        case query
    }

    public var code: Code
    /// The database file.
    public var path: String
    public var message: String

    public init(code: Code, path: String, message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { "state database \(path): \(message)" }
}
