import Foundation
import Mustache

/// A receiver's Mustache template for the text of its messages (or, for a generic webhook, the
/// whole JSON body), compiled once when the configuration is read.
///
/// The template sees a ``TemplateContext``: every value from the API is already escaped for the
/// target's markup, so `{{title}}`, `{{{title}}}` and `{{&title}}` all insert the same escaped
/// text; only the template's own literal text is written as is. Partials are not available, and
/// a `{{%CONTENT_TYPE:HTML}}` pragma would only escape the escaped values a second time.
///
/// A template that compiles can still fail when a message is sent (it renders nothing, or a
/// webhook body is not valid JSON): the target then sends its default body and reports the
/// ``TemplateError``, so that no alert is lost to a template.
public struct MessageTemplate: Sendable, Hashable {
    /// The name shown in diagnostics, e.g. the receiver's name.
    public let name: String
    /// The template text as configured.
    public let source: String
    let compiled: MustacheTemplate

    /// Turns off the library's HTML escaping: values are escaped for the target before they
    /// reach the template. On a line of its own, so that the template's first line keeps its
    /// standalone-tag behaviour; diagnostics subtract this line.
    static let prologue = "{{%CONTENT_TYPE:TEXT}}\n"

    /// Compiles `source`; `name` identifies the template in diagnostics.
    ///
    /// - Throws: a ``TemplateError`` of kind ``TemplateError/Kind/syntax`` with the line, the
    ///   column and the problem.
    public init(name: String, source: String) throws(TemplateError) {
        self.name = name
        self.source = source
        do {
            compiled = try MustacheTemplate(string: Self.prologue + source)
        } catch let error as MustacheTemplate.ParserError {
            throw TemplateError(syntax: error, templateName: name)
        } catch {
            throw TemplateError(templateName: name, kind: .syntax, problem: "\(error)")
        }
    }

    /// Names the template refers to that the context does not have, and transforms that do not
    /// apply to the value they are used on, sorted: a warning for `deskwatch check`, since
    /// Mustache renders an unknown name as nothing.
    ///
    /// Found by rendering sample messages: one with every optional part, in full and with
    /// alerts and sessions left out (so that `{{#moreAlerts}}` sections are entered too), and one
    /// with none. A name used only inside a section that no sample enters, or a name looked up
    /// inside a list (`{{alerts.rule}}`), is not checked.
    public func unknownNames() -> [String] {
        var found: Set<String> = []
        var missed: Set<String> = []
        let full = Detail(alerts: 10, samples: 10)
        let least = Detail(alerts: 1, samples: 1)
        let cases = [(TemplateContext.samples[0], full), (TemplateContext.samples[0], least), (TemplateContext.samples[1], full)]
        for (message, detail) in cases {
            let context = TemplateContext(message, markup: .slack, detail: detail, now: TemplateContext.sampleTime)
            _ = render(context)
            found.formUnion(context.lookups.found)
            missed.formUnion(context.lookups.missed)
        }
        return missed.subtracting(found).sorted()
    }

    /// Equal when the names and sources are equal.
    public static func == (lhs: MessageTemplate, rhs: MessageTemplate) -> Bool {
        lhs.name == rhs.name && lhs.source == rhs.source
    }

    /// Hashes the name and the source.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(source)
    }

    /// The template rendered with `context`, surrounding blank lines and spaces removed.
    public func render(_ context: TemplateContext) -> String {
        compiled.render(context.root).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Why a template cannot be used: a syntax error when it is compiled, or a failure when a
/// message is rendered with it (the target then sends its default body).
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable, Hashable {
        /// The template does not compile.
        case syntax
        /// The template rendered nothing but blank space for a message.
        case emptyOutput
        /// A webhook body template rendered text that is not valid JSON.
        case invalidJSON
        /// A webhook body template rendered a body over the target's limit even with the least
        /// detail.
        case tooLarge
    }

    /// The template's name.
    public var templateName: String
    /// What went wrong.
    public var kind: Kind
    /// The problem in words.
    public var problem: String
    /// The line of the template (from 1), for a syntax error.
    public var line: Int?
    /// The column (from 1), for a syntax error.
    public var column: Int?
    /// The text of that line, for a syntax error.
    public var sourceLine: String?

    /// Creates an error.
    public init(templateName: String, kind: Kind, problem: String, line: Int? = nil, column: Int? = nil, sourceLine: String? = nil) {
        self.templateName = templateName
        self.kind = kind
        self.problem = problem
        self.line = line
        self.column = column
        self.sourceLine = sourceLine
    }

    /// `template "ops", line 3, column 12: the closing tag does not match the open section`.
    public var description: String {
        var text = "template \"\(templateName)\""
        if let line { text += ", line \(line)" }
        if let column { text += ", column \(column)" }
        return text + ": " + problem
    }

    init(syntax error: MustacheTemplate.ParserError, templateName: String) {
        // The prologue is one line of its own above the template.
        let line = max(error.context.lineNumber - 1, 1)
        self.init(
            templateName: templateName, kind: .syntax, problem: Self.problem(error.error), line: line,
            column: error.context.columnNumber, sourceLine: error.context.line)
    }

    static func problem(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else {
            // The reader's own error when a tag runs past the end of the text.
            let text = "\(error)"
            return text == "overflow" ? "the template ends inside a tag" : text
        }
        switch error {
        case .sectionCloseNameIncorrect: return "the closing tag does not match the section that is open"
        case .unfinishedName: return "a tag is not closed, or its name has a character other than letters, digits and . - _ ? *"
        case .expectedSectionEnd: return "a section is not closed before the end of the template"
        case .invalidSetDelimiter: return "the set-delimiter tag is malformed"
        case .transformAppliedToInheritanceSection: return "a transform is applied to an inherited block"
        case .illegalTokenInsideInheritSection: return "a tag that is not a block is inside a partial's inheritance section"
        case .textInsideInheritSection: return "text is inside a partial's inheritance section"
        case .invalidConfigVariableSyntax: return "the pragma tag is malformed"
        case .unrecognisedConfigVariable: return "the pragma is unknown"
        }
    }
}
