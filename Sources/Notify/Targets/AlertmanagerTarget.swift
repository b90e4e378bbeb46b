import Transport

/// A Prometheus Alertmanager: `POST {url}/api/v2/alerts` with one object per alert (`labels`,
/// `annotations`, `startsAt`, `endsAt`, `generatorURL`). A resolved alert carries its `endsAt`;
/// a firing one carries `now + firingTimeout` when set (re-send it before then), else no end.
public struct AlertmanagerTarget: Sendable {
    /// The Alertmanager base URL, e.g. `http://127.0.0.1:9093`.
    public var url: String
    /// How long a firing alert stays active without being sent again, in seconds.
    public var firingTimeout: Int?
    /// At most this many sample sessions in the `sessions` annotation.
    public var samples: Int

    /// Creates an Alertmanager target.
    public init(url: String, firingTimeout: Int? = nil, samples: Int = 5) {
        self.url = url
        self.firingTimeout = firingTimeout
        self.samples = samples
    }

    /// The request for `message`.
    public func render(_ message: AlertMessage, now: Int) -> HTTPRequest {
        let alerts = message.alerts.map { alert in
            let times = AlertmanagerShape.times(of: alert, firingEndsAt: firingTimeout.map { now + $0 })
            var members: [(String, JSONValue)] = [
                ("labels", .object(AlertmanagerShape.labels(of: alert))),
                ("annotations", .object(AlertmanagerShape.annotations(of: alert, samples: samples))), ("startsAt", .string(times.startsAt)),
            ]
            if let endsAt = times.endsAt { members.append(("endsAt", .string(endsAt))) }
            let generator = AlertmanagerShape.generatorURL(message)
            if !generator.isEmpty { members.append(("generatorURL", .string(generator))) }
            return JSONValue.object(members)
        }
        let base = url.hasSuffix("/") ? String(url.dropLast()) : url
        return .json(url: base + "/api/v2/alerts", body: .array(alerts))
    }
}
