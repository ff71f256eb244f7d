import Foundation
import HTTPCore
import JSONCore

/// A step's request as coverage sees it without running anything: templates replaced by stand-ins
/// (`{{$repeat 3 a}}` → `aaa`, other expressions → `1`), so paths match routes and values have lengths.
struct StaticRequest {
    let method: String
    let path: String
    let query: [String: String]
    let headers: [String: String]
    let body: JSONValue?
    let form: [String: String]

    init(_ step: RequestStep) {
        let request = step.request
        method = Self.text(request.method)
        let rendered = Self.text(request.path)
        let parts = rendered.split(separator: "?", maxSplits: 1).map(String.init)
        path = parts.first ?? rendered
        var query: [String: String] = [:]
        if parts.count == 2 {
            for (name, value) in PercentDecoding.parseQuery(parts[1]) { query[name] = value }
        }
        for (name, values) in request.query {
            if let last = values.last { query[Self.text(name)] = Self.jsonText(Self.json(last)) }
        }
        self.query = query
        var headers: [String: String] = [:]
        for (name, value) in request.headers { if let value { headers[name.lowercased()] = value } }
        self.headers = headers
        switch request.body {
        case .json(let value):
            body = Self.json(value)
            form = [:]
        case .form(let fields):
            body = nil
            var form: [String: String] = [:]
            for (name, values) in fields { form[name] = values.last.map(Self.text) }
            self.form = form
        case .text(let text):
            body = try? JSONParser.parse(Self.text(text))
            form = [:]
        default:
            body = nil
            form = [:]
        }
    }

    /// A value of the request by where the contract says it lives.
    func value(of field: String, in location: String) -> JSONValue? {
        switch location {
        case "body": return body?[field] ?? form[field].map(JSONValue.string)
        case "query": return query[field].map(JSONValue.string)
        default: return nil
        }
    }

    static func text(_ template: String) -> String {
        guard template.contains("{{"), case .success(let pieces) = Template.parse(template) else { return template }
        return pieces.map { piece in
            switch piece {
            case .text(let text): return text
            case .expression(.repeatText(let count, let text)): return String(repeating: text, count: count)
            case .expression(.run), .expression(.unique): return "r00000000-1"
            case .expression: return "1"
            }
        }.joined()
    }

    static func json(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text):
            if let exact = Template.expressions(in: text).first, text.hasPrefix("{{"), text.hasSuffix("}}"),
                Template.expressions(in: text).count == 1
            {
                switch exact {
                case .variable, .run, .unique, .actorName: return .integer(1)
                default: break
                }
            }
            return .string(Self.text(text))
        case .array(let items): return .array(items.map(json))
        case .object(let object):
            var rendered = JSONObject()
            for (key, member) in object { rendered[key] = json(member) }
            return .object(rendered)
        default: return value
        }
    }

    static func jsonText(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return JSONWriter.compact(value)
    }
}
