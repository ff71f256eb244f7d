import Foundation
import HTTPCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A server reached through URLSession: the way to check an `https://` deployment, since `HTTPTarget`
/// speaks plain HTTP on its own sockets. URLSession reshapes some requests, so the fixtures that send them
/// fail here: it resolves dot segments (`/a/../b`), ends the path at a `#`, cannot carry some bytes at all
/// (a clear error), and sends a body without a content type as `application/x-www-form-urlencoded`.
/// WebSocket steps are not supported: Linux's URLSession has no WebSocket client (its libcurl lacks one).
public struct URLSessionTarget: Target {
    public let baseURL: URL
    public let settings: HTTPTarget.Settings
    private let session: URLSession
    private let base: String

    public var description: String { baseURL.absoluteString }

    public init(baseURL: URL, settings: HTTPTarget.Settings = HTTPTarget.Settings()) throws {
        guard let scheme = baseURL.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw TargetError.unsupported("\(baseURL.scheme ?? "no") scheme in \(baseURL.absoluteString); use http:// or https://")
        }
        guard let host = baseURL.host, !host.isEmpty else { throw TargetError.unsupported("a URL without a host: \(baseURL.absoluteString)") }
        self.baseURL = baseURL
        self.settings = settings
        var text = baseURL.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        base = text
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpShouldSetCookies = false
        configuration.requestCachePolicy = .reloadIgnoringLocalAndRemoteCacheData
        configuration.urlCache = nil
        configuration.timeoutIntervalForRequest = settings.timeout
        session = URLSession(configuration: configuration, delegate: RedirectRefusal(), delegateQueue: nil)
    }

    public func checkReachable() async throws {
        var request = URLRequest(url: baseURL)
        request.httpMethod = "GET"
        do {
            _ = try await exchange(request)
        } catch let error as TargetError {
            if case .timedOut = error { throw TargetError.unreachable("\(description): no answer within \(settings.timeout) s") }
            throw error
        }
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let url = URL(string: base + request.target) else {
            throw TargetError.unsupported(
                "a request target URLSession cannot carry: \(request.target) (use an http:// target, which sends bytes as written)")
        }
        var outgoing = URLRequest(url: url, timeoutInterval: settings.timeout)
        outgoing.httpMethod = request.method.rawValue
        for (name, value) in request.headers where !["host", "content-length", "connection"].contains(name.lowercased()) {
            outgoing.addValue(value, forHTTPHeaderField: name)
        }
        for (name, value) in settings.extraHeaders where !request.headers.contains(name) {
            outgoing.addValue(value, forHTTPHeaderField: name)
        }
        if !request.body.isEmpty { outgoing.httpBody = Data(request.body) }
        var attempt = 0
        while true {
            do {
                let response = try await exchange(outgoing)
                if try await settings.waitedToRetry(response, attempt: &attempt) { continue }
                return response
            } catch TargetError.unreachable where attempt < settings.retries {
                attempt += 1
                try await Task.sleep(nanoseconds: UInt64(100_000_000 << min(attempt, 5)))
            }
        }
    }

    private func exchange(_ request: URLRequest) async throws -> HTTPResponse {
        let (description, timeout) = (self.description, settings.timeout)
        return try await withCheckedThrowingContinuation { continuation in
            let task = session.dataTask(with: request) { data, response, error in
                if let error = error as? URLError {
                    switch error.code {
                    case .timedOut: continuation.resume(throwing: TargetError.timedOut(timeout))
                    case .cannotConnectToHost, .cannotFindHost, .networkConnectionLost, .notConnectedToInternet, .dnsLookupFailed:
                        continuation.resume(throwing: TargetError.unreachable("\(description): \(error.localizedDescription)"))
                    default:
                        continuation.resume(throwing: TargetError.protocolError("\(error.localizedDescription) (\(error.code.rawValue))"))
                    }
                    return
                }
                if let error {
                    continuation.resume(throwing: TargetError.protocolError("\(error)"))
                    return
                }
                guard let http = response as? HTTPURLResponse else {
                    continuation.resume(throwing: TargetError.protocolError("not an HTTP response"))
                    return
                }
                var headers = HTTPHeaders()
                for (name, value) in http.allHeaderFields {
                    if let name = name as? String, let value = value as? String { headers.add(name, value) }
                }
                continuation.resume(returning: HTTPResponse(status: http.statusCode, headers: headers, body: data.map { Array($0) } ?? []))
            }
            task.resume()
        }
    }
}

/// Hands redirects back to the runner: a 307 is part of the contract, not a hop to follow.
private final class RedirectRefusal: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
