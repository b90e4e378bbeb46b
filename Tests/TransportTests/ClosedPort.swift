#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A loopback TCP port that refuses connections: a socket is bound to it but never listens, so nothing else
/// can take the port while the test runs and every connection attempt is answered with a reset.
enum ClosedPort {
    /// Reserves a closed port, runs `body` with it, and releases the port.
    static func with<T: Sendable>(_ body: @Sendable (Int) async throws -> T) async throws -> T {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ClosedPortError.socket(errno) }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else { throw ClosedPortError.bind(errno) }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { throw ClosedPortError.bind(errno) }
        return try await body(Int(UInt16(bigEndian: address.sin_port)))
    }
}

/// Why a ``ClosedPort`` could not be reserved.
enum ClosedPortError: Error {
    case socket(Int32)
    case bind(Int32)
}
