import Foundation

extension Rule {
    /// A stable fingerprint of everything that defines the rule's behaviour (not where it was
    /// read from): 16 hex digits. Two rules with the same hash evaluate the same way, so a reload
    /// keeps the windows and alert state of rules whose hash did not change.
    public var definitionHash: String {
        var copy = self
        copy.origin = Origin(file: "", line: 0)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes = (try? encoder.encode(copy)) ?? Data(String(describing: copy).utf8)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// How far back the rule needs records, in seconds: its window, plus the reference window for
    /// a comparison, plus the delay.
    public var lookback: Int {
        var span = window + delay
        switch condition {
        case .spike(let spike): span += spike.reference.offset(window: window)
        case .stat(let stat): span += stat.reference?.offset(window: window) ?? 0
        default: break
        }
        return span
    }
}
