internal import CCurl
import Foundation

extension CurlEasy {
    /// Configures this handle to send `request` with `configuration` and to collect the final response's
    /// status, header fields and body.
    func configureHTTP(_ request: HTTPRequest, configuration: HTTPClientConfiguration) throws(TransportError) {
        try apply(
            CurlTransferOptions(
                connectTimeout: configuration.connectTimeout,
                timeout: configuration.timeout,
                caFile: configuration.caFile,
                protocols: "http,https"
            )
        )
        try set(CURLOPT_ACCEPT_ENCODING, "")
        try set(CURLOPT_USERAGENT, configuration.userAgent)
        try set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)
        if configuration.maxRedirects > 0 {
            try set(CURLOPT_FOLLOWLOCATION, 1)
            try set(CURLOPT_MAXREDIRS, configuration.maxRedirects)
        } else {
            try set(CURLOPT_FOLLOWLOCATION, 0)
        }
        try collectHeaders()
        try collectBody(limit: configuration.maxResponseBytes)
        try configureMethod(request)

        var lines = request.headers.map { header in
            // libcurl drops a header given as "Name:" and sends "Name;" as an empty one.
            header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)"
        }
        if !request.headers.contains(where: { $0.name.lowercased() == "expect" }) {
            // No "Expect: 100-continue" round trip before larger bodies.
            lines.append("Expect:")
        }
        try set(CURLOPT_HTTPHEADER, list: lines)
    }

    private func configureMethod(_ request: HTTPRequest) throws(TransportError) {
        var body = request.body
        if body == nil && ["POST", "PUT", "PATCH"].contains(request.method) {
            body = Data()
        }
        switch (request.method, body) {
        case ("GET", nil):
            try set(CURLOPT_HTTPGET, 1)
        case ("HEAD", nil):
            try set(CURLOPT_NOBODY, 1)
        case ("POST", let body?):
            try set(CURLOPT_POST, 1)
            try set(CURLOPT_POSTFIELDSIZE_LARGE, offset: body.count)
            try upload(body)
        case (let method, nil):
            try set(CURLOPT_CUSTOMREQUEST, method)
        case (let method, let body?):
            try set(CURLOPT_POST, 1)
            try set(CURLOPT_POSTFIELDSIZE_LARGE, offset: body.count)
            try upload(body)
            try set(CURLOPT_CUSTOMREQUEST, method)
        }
    }
}
