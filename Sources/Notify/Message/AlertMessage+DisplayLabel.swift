extension AlertMessage {
    /// A label as people read it: `Queue: Online customer service (g1)`.
    public struct DisplayLabel: Sendable, Hashable {
        /// What the value is (`Queue`, `Agent`); fixed wording.
        public var name: String
        /// The value, from the API.
        public var value: UntrustedText

        /// Creates a display label.
        public init(name: String, value: UntrustedText) {
            self.name = name
            self.value = value
        }
    }
}
