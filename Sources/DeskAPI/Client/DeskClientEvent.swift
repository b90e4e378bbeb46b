/// Something the client did, reported to an observer (for source health and metrics).
public enum DeskClientEvent: Sendable {
    /// One HTTP call finished; `result` is `ok`, an API error code, `http_NNN`, `invalid_response`
    /// or `transport_KIND`.
    case call(result: String, duration: Duration)
    /// A successful page with this many records.
    case page(records: Int)
    /// The client will try again after `delay`.
    case retry(failureClass: FailureClass, attempt: Int, delay: Duration)
    /// The UserSig was regenerated because the API refused it.
    case signatureRenewed
    /// A page held this many elements that could not be read as records (left out).
    case invalidRecords(Int)
}
