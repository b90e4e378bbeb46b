/// How much of a message a rendering shows. Targets with a size limit try smaller levels until
/// the payload fits; whatever is left out is announced with a visible "… and N more".
public struct Detail: Sendable, Hashable {
    /// At most this many alerts.
    public var alerts: Int
    /// At most this many sample sessions per alert.
    public var samples: Int
    /// At most this many characters per field (a headline gets twice as many).
    public var fieldCap: Int

    /// Creates a level of detail.
    public init(alerts: Int, samples: Int, fieldCap: Int = TextSanitizer.defaultCap) {
        self.alerts = alerts
        self.samples = samples
        self.fieldCap = fieldCap
    }

    /// The most sample sessions any alert shows.
    public static let maximumSamples = 10

    /// The levels to try for `message`, from everything (up to ``maximumSamples`` sessions per
    /// alert) down to one alert without samples and short fields.
    public static func levels(for message: AlertMessage) -> [Detail] {
        let alertCount = max(message.alerts.count, 1)
        let sampleCount = min(message.alerts.map(\.sample.count).max() ?? 0, maximumSamples)
        var levels: [Detail] = []
        for samples in [sampleCount, 5, 3, 1, 0] where samples <= sampleCount {
            levels.append(Detail(alerts: alertCount, samples: samples))
        }
        for alerts in [20, 10, 5, 3, 1] where alerts < alertCount {
            levels.append(Detail(alerts: alerts, samples: 0))
        }
        for cap in [100, 50, 20] {
            levels.append(Detail(alerts: 1, samples: 0, fieldCap: cap))
        }
        var seen = Set<Detail>()
        return levels.filter { seen.insert($0).inserted }
    }

    /// The first rendering of `message` that `fits`, or the smallest one when none does.
    public static func fit<Payload>(_ message: AlertMessage, fits: (Payload) -> Bool, render: (Detail) -> Payload) -> Payload {
        let levels = levels(for: message)
        var last: Payload?
        for level in levels {
            let payload = render(level)
            if fits(payload) { return payload }
            last = payload
        }
        return last ?? render(Detail(alerts: 1, samples: 0, fieldCap: 20))
    }
}
