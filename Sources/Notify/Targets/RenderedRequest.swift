import Transport

/// The request that delivers a message, and the receiver's template error when its template
/// failed for this message and the target's default body was sent instead.
public struct RenderedRequest: Sendable {
    /// The request to send.
    public var request: HTTPRequest
    /// Why the template was not used; `nil` when it was, or when there is none.
    public var templateError: TemplateError?

    /// Creates a rendered request.
    public init(request: HTTPRequest, templateError: TemplateError? = nil) {
        self.request = request
        self.templateError = templateError
    }

    /// The request made with `template` when there is one and it works for the message, else
    /// the `standard` one (with the error, when the template failed).
    static func using(
        _ template: MessageTemplate?, _ templated: (MessageTemplate) throws(TemplateError) -> HTTPRequest, otherwise standard: () -> HTTPRequest
    ) -> RenderedRequest {
        guard let template else { return RenderedRequest(request: standard()) }
        do {
            return RenderedRequest(request: try templated(template))
        } catch {
            return RenderedRequest(request: standard(), templateError: error)
        }
    }
}
