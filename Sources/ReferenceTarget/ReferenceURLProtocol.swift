import AgentAPI
import Foundation
import HTTPCore
import Locking

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Answers URLSession requests from an in-process reference, so an app's real networking code can run
/// against the agent API with no server and no socket.
///
/// ```swift
/// ReferenceURLProtocol.serve(try AgentAPI(.testing()), host: "api.test")
/// let configuration = URLSessionConfiguration.ephemeral
/// configuration.protocolClasses = [ReferenceURLProtocol.self]
/// let session = URLSession(configuration: configuration)   // http://api.test/... now reaches the reference
/// ```
public final class ReferenceURLProtocol: URLProtocol {
    private static let hosts = Locked<[String: any AgentService]>([:])

    /// Routes requests for `host` to `api` (any scheme and port).
    public static func serve(_ api: any AgentService, host: String) {
        hosts.withLock { $0[host.lowercased()] = api }
    }

    /// Stops answering for `host`.
    public static func stopServing(host: String) {
        hosts.withLock { $0[host.lowercased()] = nil }
    }

    static func api(for url: URL?) -> (any AgentService)? {
        guard let host = url?.host?.lowercased() else { return nil }
        return hosts.withLock { $0[host] }
    }

    public override class func canInit(with request: URLRequest) -> Bool { api(for: request.url) != nil }

    public override class func canonicalRequest(for request: URLRequest) -> URLRequest { request }

    private var loading: Task<Void, Never>?

    public override func startLoading() {
        let request = self.request
        guard let url = request.url, let api = Self.api(for: url) else {
            client?.urlProtocol(self, didFailWithError: URLError(.unsupportedURL))
            return
        }
        let incoming = Self.httpRequest(from: request, url: url)
        let protocolBox = UncheckedBox(self)
        loading = Task {
            let response = await api.handle(incoming)
            let me = protocolBox.value
            var headerFields: [String: String] = [:]
            for (name, value) in response.headers {
                headerFields[name] = headerFields[name].map { $0 + ", " + value } ?? value
            }
            guard let answer = HTTPURLResponse(url: url, statusCode: response.status, httpVersion: "HTTP/1.1", headerFields: headerFields) else {
                me.client?.urlProtocol(me, didFailWithError: URLError(.badServerResponse))
                return
            }
            me.client?.urlProtocol(me, didReceive: answer, cacheStoragePolicy: .notAllowed)
            if !response.body.isEmpty { me.client?.urlProtocol(me, didLoad: Data(response.body)) }
            me.client?.urlProtocolDidFinishLoading(me)
        }
    }

    public override func stopLoading() { loading?.cancel() }

    /// The URLRequest as the reference sees it: method, path and query, headers, body (stream included).
    static func httpRequest(from request: URLRequest, url: URL) -> HTTPRequest {
        var target = url.path.isEmpty ? "/" : (URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedPath ?? url.path)
        if target.isEmpty { target = "/" }
        if let query = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedQuery { target += "?" + query }
        var headers = HTTPHeaders()
        for (name, value) in request.allHTTPHeaderFields ?? [:] { headers.add(name, value) }
        if !headers.contains("host"), let host = url.host { headers.add("host", url.port.map { "\(host):\($0)" } ?? host) }
        var body = request.httpBody.map { Array($0) } ?? []
        if body.isEmpty, let stream = request.httpBodyStream {
            stream.open()
            var buffer = [UInt8](repeating: 0, count: 16_384)
            while stream.hasBytesAvailable {
                let count = stream.read(&buffer, maxLength: buffer.count)
                if count <= 0 { break }
                body += buffer[0..<count]
            }
            stream.close()
        }
        return HTTPRequest(method: HTTPMethod(request.httpMethod ?? "GET"), target: target, headers: headers, body: body)
    }
}

/// Carries a non-Sendable reference into a task that is the only one to use it.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
