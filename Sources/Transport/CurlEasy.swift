internal import CCurl
import Foundation

/// One libcurl easy handle together with everything libcurl reads from or writes into while it runs: the
/// error buffer, header lists, the upload source, the received body and header fields, and the callbacks
/// that connect them.
///
/// Protocol drivers build on it: ``CurlHTTPClient`` configures one per request (see `configureHTTP`), and
/// ``CurlSMTPSender`` one per message (see `configureSMTP`: `upload(_:)`, `CURLOPT_MAIL_FROM` and a
/// `CURLOPT_MAIL_RCPT` list). Both share ``apply(_:)`` (timeouts, TLS, protocol restriction), ``CurlMultiLoop``
/// (threading, connection reuse, cancellation) and ``error(for:)`` (error mapping and redaction).
///
/// Ownership: the task that creates a `CurlEasy` configures it, then hands it to ``CurlMultiLoop/perform(_:)``.
/// While the transfer runs only the loop's thread touches it (libcurl calls the callbacks there); when the
/// loop resumes the task, the task owns it again and reads the results. It is never used by two threads at
/// once, which is why it is not `Sendable`.
///
/// The callbacks receive `self` as an unretained pointer. That is safe because the handle is destroyed in
/// `deinit`, so libcurl cannot call back into a released object, and the loop holds a strong reference for as
/// long as the handle is attached to its multi handle.
final class CurlEasy {
    /// The libcurl easy handle, owned by this object.
    let handle: UnsafeMutableRawPointer
    /// The URL as given, used for redaction; never shown as is.
    let url: String
    /// Raised when the transfer should stop; polled by the progress callback.
    let cancellation = CurlCancellation()

    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var lists: [UnsafeMutablePointer<curl_slist>] = []

    /// The received body.
    private(set) var body = Data()
    private var bodyLimit = Int.max
    /// Whether the body limit was hit; the transfer then fails with `CURLE_WRITE_ERROR`.
    private(set) var bodyLimitExceeded = false
    /// The header fields of the latest response; every status line starts a new list.
    private(set) var headers: [HTTPHeader] = []

    private var uploadData = Data()
    private var uploadOffset = 0

    /// The most recent reply lines of a line-based protocol such as SMTP (see ``collectReplyLines()``), oldest
    /// first, without their line endings; at most ``maxReplyLines`` of at most ``maxReplyLineBytes`` bytes each.
    private(set) var replyLines: [String] = []
    /// What the header callback collects (see ``collectHeaders()`` and ``collectReplyLines()``).
    private var headerUse = HeaderUse.headerFields
    /// How many reply lines ``replyLines`` keeps.
    static let maxReplyLines = 32
    /// How many bytes of each reply line ``replyLines`` keeps.
    static let maxReplyLineBytes = 512

    /// Creates an easy handle for `url` with the settings every transfer needs: the URL, the error buffer,
    /// `CURLOPT_NOSIGNAL` and the progress callback that implements cancellation.
    init(url: String) throws(TransportError) {
        guard CurlGlobal.isInitialized else {
            throw TransportError(kind: .other, message: "libcurl could not be initialised", url: url)
        }
        guard let handle = curl_easy_init() else {
            throw TransportError(kind: .other, message: "curl_easy_init failed", url: url)
        }
        self.handle = handle
        self.url = url
        let errorSize = ccurl_error_size()
        errorBuffer = .allocate(capacity: errorSize)
        errorBuffer.initialize(repeating: 0, count: errorSize)

        // From here on `deinit` releases the handle and the buffer, also when a setter below throws.
        try check(ccurl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer), CURLOPT_ERRORBUFFER)
        try set(CURLOPT_URL, url)
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_NOPROGRESS, 0)
        try check(ccurl_easy_setopt_pointer(handle, CURLOPT_XFERINFODATA, unretainedSelf), CURLOPT_XFERINFODATA)
        let progress = ccurl_easy_setopt_xferinfo_callback(handle) { userdata, _, _, _, _ in
            guard let userdata else { return 1 }
            return Unmanaged<CurlEasy>.fromOpaque(userdata).takeUnretainedValue().cancellation.isCancelled ? 1 : 0
        }
        try check(progress, CURLOPT_XFERINFOFUNCTION)
    }

    deinit {
        curl_easy_cleanup(handle)
        for list in lists {
            curl_slist_free_all(list)
        }
        errorBuffer.deallocate()
    }

    private var unretainedSelf: UnsafeMutableRawPointer {
        Unmanaged.passUnretained(self).toOpaque()
    }

    // MARK: - Options

    /// Sets a `long` option.
    func set(_ option: CURLoption, _ value: Int) throws(TransportError) {
        try check(ccurl_easy_setopt_long(handle, option, value), option)
    }

    /// Sets a `curl_off_t` option.
    func set(_ option: CURLoption, offset value: Int) throws(TransportError) {
        try check(ccurl_easy_setopt_off(handle, option, curl_off_t(value)), option)
    }

    /// Sets a string option; libcurl keeps its own copy. Strings with NUL bytes are rejected, since libcurl would
    /// silently cut them short.
    func set(_ option: CURLoption, _ value: String) throws(TransportError) {
        guard !value.utf8.contains(0) else {
            throw TransportError(kind: .invalidRequest, message: "a libcurl option value contains a NUL byte", url: url)
        }
        let code = value.withCString { ccurl_easy_setopt_pointer(handle, option, $0) }
        try check(code, option)
    }

    /// Sets a `curl_slist` option (`CURLOPT_HTTPHEADER`, `CURLOPT_MAIL_RCPT`, ...). The list stays alive until
    /// this handle is destroyed, as libcurl requires.
    func set(_ option: CURLoption, list values: [String]) throws(TransportError) {
        var list: UnsafeMutablePointer<curl_slist>?
        for value in values {
            guard !value.utf8.contains(0) else {
                curl_slist_free_all(list)
                throw TransportError(kind: .invalidRequest, message: "a libcurl list entry contains a NUL byte", url: url)
            }
            guard let appended = curl_slist_append(list, value) else {
                curl_slist_free_all(list)
                throw TransportError(kind: .other, curlCode: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "curl_slist_append failed", url: url)
            }
            list = appended
        }
        if let list {
            lists.append(list)
        }
        try check(ccurl_easy_setopt_slist(handle, option, list), option)
    }

    /// Applies the settings every transfer shares: timeouts, TLS verification (always on), the CA file and the
    /// allowed protocols (also for redirects).
    func apply(_ options: CurlTransferOptions) throws(TransportError) {
        try set(CURLOPT_CONNECTTIMEOUT_MS, options.connectTimeout.curlMilliseconds)
        try set(CURLOPT_TIMEOUT_MS, options.timeout.curlMilliseconds)
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile = options.caFile {
            try set(CURLOPT_CAINFO, caFile)
        }
        try set(CURLOPT_PROTOCOLS_STR, options.protocols)
        try set(CURLOPT_REDIR_PROTOCOLS_STR, options.protocols)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(TransportError) {
        guard code != CURLE_OK else { return }
        let reason = String(cString: curl_easy_strerror(code))
        throw TransportError(
            kind: code == CURLE_BAD_FUNCTION_ARGUMENT ? .invalidRequest : .other,
            curlCode: Int(code.rawValue),
            message: "setting libcurl option \(option.rawValue) failed: \(reason)",
            url: url
        )
    }

    // MARK: - Data callbacks

    /// Collects the response body, at most `limit` bytes; more aborts the transfer (see ``bodyLimitExceeded``).
    /// A declared `Content-Length` above the limit is refused before any body byte arrives.
    func collectBody(limit: Int) throws(TransportError) {
        bodyLimit = max(0, limit)
        try set(CURLOPT_MAXFILESIZE_LARGE, offset: bodyLimit)
        try check(ccurl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, unretainedSelf), CURLOPT_WRITEDATA)
        let code = ccurl_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION) { buffer, size, count, userdata in
            guard let userdata else { return 0 }
            let (length, overflow) = size.multipliedReportingOverflow(by: count)
            guard !overflow else { return 0 }
            let chunk = UnsafeRawBufferPointer(start: buffer, count: buffer == nil ? 0 : length)
            return Unmanaged<CurlEasy>.fromOpaque(userdata).takeUnretainedValue().receive(body: chunk)
        }
        try check(code, CURLOPT_WRITEFUNCTION)
    }

    /// Collects response header fields into ``headers``.
    func collectHeaders() throws(TransportError) {
        try installHeaderCallback(collecting: .headerFields)
    }

    /// Collects the server's reply lines of a line-based protocol (libcurl hands SMTP, IMAP, POP3 and FTP
    /// replies to the header callback) into ``replyLines``, so that an error can quote what the server said.
    /// Only the server's lines arrive there, never the commands this side sends (which carry credentials).
    func collectReplyLines() throws(TransportError) {
        try installHeaderCallback(collecting: .replyLines)
    }

    /// What the header callback collects.
    private enum HeaderUse {
        case headerFields
        case replyLines
    }

    private func installHeaderCallback(collecting use: HeaderUse) throws(TransportError) {
        headerUse = use
        try check(ccurl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, unretainedSelf), CURLOPT_HEADERDATA)
        let code = ccurl_easy_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION) { buffer, size, count, userdata in
            guard let userdata else { return 0 }
            let (length, overflow) = size.multipliedReportingOverflow(by: count)
            guard !overflow else { return 0 }
            let line = UnsafeRawBufferPointer(start: buffer, count: buffer == nil ? 0 : length)
            let easy = Unmanaged<CurlEasy>.fromOpaque(userdata).takeUnretainedValue()
            switch easy.headerUse {
            case .headerFields: return easy.receive(headerLine: line)
            case .replyLines: return easy.receive(replyLine: line)
            }
        }
        try check(code, CURLOPT_HEADERFUNCTION)
    }

    /// Supplies `data` to libcurl's read callback, with a seek callback so that libcurl can rewind it (to resend
    /// after a redirect or an authentication round trip). The caller sets how the data is used: for example
    /// `CURLOPT_POST` with `CURLOPT_POSTFIELDSIZE_LARGE`, or `CURLOPT_UPLOAD` for an SMTP message.
    func upload(_ data: Data) throws(TransportError) {
        uploadData = data
        uploadOffset = 0
        let me = unretainedSelf
        try check(ccurl_easy_setopt_pointer(handle, CURLOPT_READDATA, me), CURLOPT_READDATA)
        let read = ccurl_easy_setopt_data_callback(handle, CURLOPT_READFUNCTION) { buffer, size, count, userdata in
            guard let userdata, let buffer else { return ccurl_readfunc_abort() }
            let (length, overflow) = size.multipliedReportingOverflow(by: count)
            guard !overflow else { return ccurl_readfunc_abort() }
            let target = UnsafeMutableRawBufferPointer(start: buffer, count: length)
            return Unmanaged<CurlEasy>.fromOpaque(userdata).takeUnretainedValue().readUpload(into: target)
        }
        try check(read, CURLOPT_READFUNCTION)
        try check(ccurl_easy_setopt_pointer(handle, CURLOPT_SEEKDATA, me), CURLOPT_SEEKDATA)
        let seek = ccurl_easy_setopt_seek_callback(handle) { userdata, offset, origin in
            guard let userdata else { return ccurl_seekfunc_cantseek() }
            return Unmanaged<CurlEasy>.fromOpaque(userdata).takeUnretainedValue().seekUpload(to: Int(offset), origin: origin)
        }
        try check(seek, CURLOPT_SEEKFUNCTION)
    }

    private func receive(body chunk: UnsafeRawBufferPointer) -> Int {
        guard chunk.count <= bodyLimit - body.count else {
            bodyLimitExceeded = true
            return 0
        }
        body.append(contentsOf: chunk)
        return chunk.count
    }

    private func receive(headerLine bytes: UnsafeRawBufferPointer) -> Int {
        let line = String(decoding: bytes, as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            headers.removeAll()
        } else if let first = line.first, first == " " || first == "\t" {
            let continuation = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if !continuation.isEmpty, let last = headers.indices.last {
                headers[last].value += " " + continuation
            }
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            if !name.isEmpty {
                headers.append(HTTPHeader(name: name, value: value))
            }
        }
        return bytes.count
    }

    private func receive(replyLine bytes: UnsafeRawBufferPointer) -> Int {
        let text = String(decoding: bytes.prefix(Self.maxReplyLineBytes), as: UTF8.self)
        let line = String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
            .trimmingCharacters(in: .whitespaces)
        if !line.isEmpty {
            if replyLines.count >= Self.maxReplyLines {
                replyLines.removeFirst()
            }
            replyLines.append(line)
        }
        return bytes.count
    }

    private func readUpload(into target: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(uploadData.count - uploadOffset, target.count)
        guard count > 0 else { return 0 }
        let start = uploadOffset
        uploadData.withUnsafeBytes { source in
            target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start..<start + count]))
        }
        uploadOffset += count
        return count
    }

    private func seekUpload(to offset: Int, origin: Int32) -> Int32 {
        guard origin == ccurl_seek_set(), (0...uploadData.count).contains(offset) else {
            return ccurl_seekfunc_cantseek()
        }
        uploadOffset = offset
        return ccurl_seekfunc_ok()
    }

    // MARK: - Results

    /// `CURLINFO_RESPONSE_CODE`: the last response's status code, or 0 if none was received.
    var responseCode: Int {
        var code = 0
        return ccurl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK ? code : 0
    }

    /// The error for a finished transfer, or `nil` when it succeeded. The message is libcurl's (its error buffer,
    /// else `curl_easy_strerror`) except where this module aborted the transfer itself; it is redacted.
    func error(for completion: CurlCompletion) -> TransportError? {
        switch completion {
        case .cancelled:
            return TransportError(kind: .cancelled, message: "the transfer was cancelled", url: url)
        case .notStarted(let reason):
            return TransportError(kind: .other, message: "the transfer could not be started: \(reason)", url: url)
        case .finished(let code):
            return error(for: code)
        }
    }

    private func error(for code: CURLcode) -> TransportError? {
        guard code != CURLE_OK else { return nil }
        let curlCode = Int(code.rawValue)
        if code == CURLE_ABORTED_BY_CALLBACK && cancellation.isCancelled {
            return TransportError(kind: .cancelled, curlCode: curlCode, message: "the transfer was cancelled", url: url)
        }
        if (code == CURLE_WRITE_ERROR && bodyLimitExceeded) || code == CURLE_FILESIZE_EXCEEDED {
            return TransportError(
                kind: .responseTooLarge(limit: bodyLimit),
                curlCode: curlCode,
                message: "the response body exceeds the limit of \(bodyLimit) bytes",
                url: url
            )
        }
        let buffered = String(cString: errorBuffer)
        let message = buffered.isEmpty ? String(cString: curl_easy_strerror(code)) : buffered
        return TransportError(kind: TransportError.Kind(code), curlCode: curlCode, message: message, url: url)
    }
}
