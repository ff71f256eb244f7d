import HTTPCore
import JSONCore

/// Checks a response against a step's expectation and takes its captures.
struct ResponseCheck {
    let scope: TemplateScope

    func mismatches(_ response: HTTPResponse, _ expectation: Expectation?) -> [Mismatch] {
        guard let expectation else { return [] }
        var found: [Mismatch] = []
        if let statuses = expectation.statuses, !statuses.contains(response.status) {
            found.append(Mismatch(path: "status", expected: statuses.map(String.init).joined(separator: " or "),
                                  actual: .integer(response.status), note: "wrong status"))
        }
        let matching = JSONMatching(scope: scope)
        for (name, matcher) in expectation.headers {
            let actual = response.headers[name]
            let path = "header:\(name.lowercased())"
            guard let matcher else {
                if let actual { found.append(Mismatch(path: path, expected: "absent", actual: .string(actual), note: "header should be absent")) }
                continue
            }
            guard let actual else {
                found.append(Mismatch(path: path, expected: matcher.summary, actual: nil, note: "missing header"))
                continue
            }
            found += matching.mismatches(matcher, .string(actual), at: path)
        }
        if let json = expectation.json {
            if let body = Self.json(response) {
                found += matching.mismatches(json, body)
            } else {
                found.append(Mismatch(path: "body", expected: "JSON", actual: .string(Self.preview(response.body)), note: "the body is not JSON"))
            }
        }
        if let body = expectation.body {
            found += matching.mismatches(body, .string(String(decoding: response.body, as: UTF8.self)), at: "body")
        }
        return found
    }

    /// Takes every capture; a capture that finds nothing is a mismatch, since later steps would be meaningless.
    func capture(_ captures: [(name: String, source: CaptureSource)], from response: HTTPResponse,
                 into variables: inout [String: JSONValue]) -> [Mismatch] {
        var found: [Mismatch] = []
        let body = Self.json(response)
        for (name, source) in captures {
            switch source {
            case .json(let path):
                if let value = body.flatMap(path.evaluate) {
                    variables[name] = value
                } else {
                    found.append(Mismatch(path: path.description, expected: "a value to capture as \(name)", actual: nil,
                                          note: "capture \(name) found nothing"))
                }
            case .header(let header):
                if let value = response.headers[header] {
                    variables[name] = .string(value)
                } else {
                    found.append(Mismatch(path: "header:\(header.lowercased())", expected: "a value to capture as \(name)",
                                          actual: nil, note: "capture \(name) found nothing"))
                }
            }
        }
        return found
    }

    static func json(_ response: HTTPResponse) -> JSONValue? {
        guard !response.body.isEmpty else { return nil }
        return try? JSONParser.parse(bytes: response.body, options: .python)
    }

    static func preview(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        return body.count > 200 ? text + "…" : text
    }
}
