import Foundation
import Transport

/// A folder that mails are written to as `.eml` files instead of being sent: each file appears
/// complete (written aside, then renamed) and is named after its time and message.
public struct MailFolder: MailSender {
    public var path: String

    public init(path: String) { self.path = path }

    public func send(_ envelope: SMTPEnvelope) async throws {
        let files = FileManager.default
        do {
            try files.createDirectory(atPath: path, withIntermediateDirectories: true)
            let name = "\(Int(Date().timeIntervalSince1970 * 1000))-\(UUID().uuidString.prefix(8).lowercased()).eml"
            let final = URL(fileURLWithPath: path).appendingPathComponent(name)
            try envelope.message.write(to: final, options: .atomic)
        } catch {
            throw TransportError(kind: .other, message: "cannot write to the mail folder: \(error.localizedDescription)", url: "file://" + path)
        }
    }
}
