import Foundation

/// The base64 variant that UserSigs use: standard base64 with `+` → `*`, `/` → `-` and `=` → `_`.
enum UserSigBase64 {
    /// Encodes bytes in the UserSig variant.
    static func encode(_ bytes: [UInt8]) -> String {
        let standard = Data(bytes).base64EncodedString()
        let mapped = standard.utf8.map { byte -> UInt8 in
            switch byte {
            case UInt8(ascii: "+"): UInt8(ascii: "*")
            case UInt8(ascii: "/"): UInt8(ascii: "-")
            case UInt8(ascii: "="): UInt8(ascii: "_")
            default: byte
            }
        }
        return String(decoding: mapped, as: UTF8.self)
    }

    /// Decodes the UserSig variant; returns `nil` when the text is not valid base64.
    ///
    /// Missing padding is tolerated. Standard base64 is accepted too,
    /// since the mapping only touches characters that standard base64 does not use.
    static func decode(_ text: String) -> [UInt8]? {
        var mapped: [UInt8] = []
        mapped.reserveCapacity(text.utf8.count + 3)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "*"): mapped.append(UInt8(ascii: "+"))
            case UInt8(ascii: "-"): mapped.append(UInt8(ascii: "/"))
            case UInt8(ascii: "_"): mapped.append(UInt8(ascii: "="))
            default: mapped.append(byte)
            }
        }
        switch mapped.count % 4 {
        case 2: mapped.append(contentsOf: [UInt8(ascii: "="), UInt8(ascii: "=")])
        case 3: mapped.append(UInt8(ascii: "="))
        default: break
        }
        return standardDecode(Data(mapped))
    }

    /// Decodes standard base64 (with padding); returns `nil` when the text is not valid base64.
    static func standardDecode(_ text: String) -> [UInt8]? {
        standardDecode(Data(text.utf8))
    }

    private static func standardDecode(_ data: Data) -> [UInt8]? {
        guard let decoded = Data(base64Encoded: data) else { return nil }
        return [UInt8](decoded)
    }
}
