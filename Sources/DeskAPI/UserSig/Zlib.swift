import CZlib

/// A small wrapper over zlib for whole in-memory buffers in the zlib format (RFC 1950).
enum Zlib {
    /// Why a zlib operation failed. The text never contains the data itself.
    enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// The input is too large for one zlib call.
        case inputTooLarge(count: Int)
        /// Inflating would produce more than `limit` bytes.
        case outputTooLarge(limit: Int)
        /// The input ended before the end of the zlib stream.
        case truncated
        /// Bytes follow the end of the zlib stream.
        case trailingData
        /// The input is not a valid zlib stream; `reason` is zlib's own message.
        case corrupt(reason: String)
        /// zlib returned an unexpected status code.
        case library(code: Int32)

        var description: String {
            switch self {
            case .inputTooLarge(let count): "input of \(count) bytes is too large"
            case .outputTooLarge(let limit): "it inflates to more than \(limit) bytes"
            case .truncated: "the zlib stream is truncated"
            case .trailingData: "unexpected bytes follow the zlib stream"
            case .corrupt(let reason): "not a valid zlib stream (\(reason))"
            case .library(let code): "zlib failed with status \(code)"
            }
        }
    }

    /// Compresses `input` into a zlib stream with deflate.
    static func compress(_ input: [UInt8], level: Int32 = Z_DEFAULT_COMPRESSION) throws(Failure) -> [UInt8] {
        guard input.count <= Int(UInt32.max) else { throw .inputTooLarge(count: input.count) }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer {
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        let initCode = czlib_deflate_init(stream, level)
        guard initCode == Z_OK else { throw .library(code: initCode) }
        defer { deflateEnd(stream) }

        var source = input
        var output = [UInt8](repeating: 0, count: Int(deflateBound(stream, uLong(input.count))))
        let (code, produced) = source.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.pointee.next_in = inBuffer.baseAddress
                stream.pointee.avail_in = uInt(inBuffer.count)
                stream.pointee.next_out = outBuffer.baseAddress
                stream.pointee.avail_out = uInt(outBuffer.count)
                let code = deflate(stream, Z_FINISH)
                return (code, outBuffer.count - Int(stream.pointee.avail_out))
            }
        }
        guard code == Z_STREAM_END else { throw .library(code: code) }
        output.removeSubrange(produced...)
        return output
    }

    /// Inflates a complete zlib stream, refusing to produce more than `limit` bytes.
    static func decompress(_ input: [UInt8], limit: Int) throws(Failure) -> [UInt8] {
        guard input.count <= Int(UInt32.max) else { throw .inputTooLarge(count: input.count) }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer {
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        let initCode = czlib_inflate_init(stream)
        guard initCode == Z_OK else { throw .library(code: initCode) }
        defer { inflateEnd(stream) }

        var source = input
        var chunk = [UInt8](repeating: 0, count: 4096)
        var output: [UInt8] = []
        let result: Result<Void, Failure> = source.withUnsafeMutableBufferPointer { inBuffer in
            chunk.withUnsafeMutableBufferPointer { outBuffer in
                stream.pointee.next_in = inBuffer.baseAddress
                stream.pointee.avail_in = uInt(inBuffer.count)
                while true {
                    stream.pointee.next_out = outBuffer.baseAddress
                    stream.pointee.avail_out = uInt(outBuffer.count)
                    let code = inflate(stream, Z_NO_FLUSH)
                    let produced = outBuffer.count - Int(stream.pointee.avail_out)
                    guard produced <= limit - output.count else { return .failure(.outputTooLarge(limit: limit)) }
                    output.append(contentsOf: outBuffer[0..<produced])
                    switch code {
                    case Z_OK:
                        continue
                    case Z_STREAM_END:
                        return stream.pointee.avail_in == 0 ? .success(()) : .failure(.trailingData)
                    case Z_BUF_ERROR:
                        // A fresh output buffer is given on every call, so no progress means the input ran out.
                        return .failure(.truncated)
                    case Z_DATA_ERROR:
                        return .failure(.corrupt(reason: message(of: stream) ?? "invalid data"))
                    case Z_NEED_DICT:
                        return .failure(.corrupt(reason: "needs a preset dictionary"))
                    default:
                        return .failure(.library(code: code))
                    }
                }
            }
        }
        try result.get()
        return output
    }

    /// Wraps `input` in a zlib stream of stored (uncompressed) deflate blocks.
    ///
    /// This cannot fail, so it serves as a fallback should the library refuse to compress.
    static func storedStream(_ input: [UInt8]) -> [UInt8] {
        let blockSize = 65_535
        var output: [UInt8] = [0x78, 0x01]
        output.reserveCapacity(input.count + input.count / blockSize * 5 + 11)
        var start = 0
        repeat {
            let end = min(start + blockSize, input.count)
            let length = UInt16(end - start)
            output.append(end == input.count ? 0x01 : 0x00)
            output.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)])
            output.append(contentsOf: input[start..<end])
            start = end
        } while start < input.count
        let checksum = adler32(of: input)
        output.append(contentsOf: [UInt8(checksum >> 24), UInt8((checksum >> 16) & 0xFF), UInt8((checksum >> 8) & 0xFF), UInt8(checksum & 0xFF)])
        return output
    }

    /// The Adler-32 checksum that ends a zlib stream.
    static func adler32(of bytes: [UInt8]) -> UInt32 {
        let modulus: UInt32 = 65_521
        var a: UInt32 = 1
        var b: UInt32 = 0
        var index = 0
        while index < bytes.count {
            // 5552 bytes is the most that can be summed before the 32-bit sums could overflow.
            let end = min(index + 5_552, bytes.count)
            for byte in bytes[index..<end] {
                a &+= UInt32(byte)
                b &+= a
            }
            a %= modulus
            b %= modulus
            index = end
        }
        return b << 16 | a
    }

    private static func message(of stream: UnsafeMutablePointer<z_stream>) -> String? {
        guard let text = stream.pointee.msg else { return nil }
        return String(cString: text)
    }
}
