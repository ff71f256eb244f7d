import HTTPCore
import JSONCore

/// Checks a response against a step's expectation and takes its captures.
struct ResponseCheck {
    let scope: TemplateScope

    func mismatches(_ response: HTTPResponse, _ expectation: Expectation?) -> [Mismatch] {
        guard let expectation else { return [] }
        var found: [Mismatch] = []
        if let statuses = expectation.statuses, !statuses.contains(response.status) {
            found.append(Mismatch(.status, .wrongStatus, expected: .statuses(statuses), actual: .integer(response.status)))
        }
        let matching = JSONMatching(scope: scope)
        for (name, matcher) in expectation.headers {
            let actual = response.headers[name]
            let location = Mismatch.Location.header(name.lowercased())
            guard let matcher else {
                if let actual { found.append(Mismatch(location, .unexpected, expected: .absent, actual: .string(actual))) }
                continue
            }
            guard let actual else {
                found.append(Mismatch(location, .missing, expected: matcher.expected, actual: nil))
                continue
            }
            found += matching.mismatches(matcher, .string(actual)) { _ in location }
        }
        if let json = expectation.json {
            if let body = Self.json(response) {
                found += matching.mismatches(json, body)
            } else {
                found.append(Mismatch(.rawBody, .notJSON, expected: json.expected, actual: .string(String(decoding: response.body, as: UTF8.self))))
            }
        }
        if let body = expectation.body {
            found += matching.mismatches(body, .string(String(decoding: response.body, as: UTF8.self))) { _ in .rawBody }
        }
        return found
    }

    /// Takes every capture; a capture that finds nothing is a mismatch, since later steps would be meaningless.
    func capture(
        _ captures: [(name: String, source: CaptureSource)], from response: HTTPResponse,
        into variables: inout [String: JSONValue]
    ) -> [Mismatch] {
        var found: [Mismatch] = []
        let body = Self.json(response)
        for (name, source) in captures {
            switch source {
            case .json(let path):
                if let value = body.flatMap(path.evaluate) {
                    variables[name] = value
                } else {
                    found.append(Mismatch(.capture(name), .nothingCaptured(name: name), expected: nil, actual: body))
                }
            case .header(let header):
                if let value = response.headers[header] {
                    variables[name] = .string(value)
                } else {
                    found.append(Mismatch(.capture(name), .nothingCaptured(name: name), expected: nil, actual: nil))
                }
            }
        }
        return found
    }

    static func json(_ response: HTTPResponse) -> JSONValue? {
        guard !response.body.isEmpty else { return nil }
        return try? JSONParser.parse(bytes: response.body, options: .python)
    }
}
