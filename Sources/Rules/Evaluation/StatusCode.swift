/// The documented `EndStatus` values as small numbers, so predicates on `EndStatus` compare bits
/// instead of text; 0 stands for a value that is not documented (compared as text).
enum StatusCode {
    /// The code of a documented value (its position in ``KnownEndStatus/values`` plus one), or 0.
    @inline(__always)
    static func code(of text: String) -> Int {
        let utf8 = text.utf8
        let candidate: Int
        switch (utf8.count, utf8.first ?? 0) {
        case (17, UInt8(ascii: "A")): candidate = 1
        case (16, UInt8(ascii: "U")): candidate = 2
        case (11, UInt8(ascii: "U")): candidate = 3
        case (12, UInt8(ascii: "A")): candidate = 4
        case (16, UInt8(ascii: "C")): candidate = 5
        case (14, UInt8(ascii: "N")): candidate = 6
        case (15, UInt8(ascii: "T")): candidate = 7
        case (14, UInt8(ascii: "M")): candidate = 8
        case (27, UInt8(ascii: "U")): candidate = 9
        default: return 0
        }
        return text == KnownEndStatus.values[candidate - 1] ? candidate : 0
    }

    /// The bit of a documented value in a mask, or `nil` for another value.
    static func bit(of text: String) -> UInt32? {
        let code = code(of: text)
        return code == 0 ? nil : 1 << UInt32(code)
    }
}
