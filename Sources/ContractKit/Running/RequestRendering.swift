import Foundation
import HTTPCore
import JSONCore

/// Turns a request template into the exact request to send, in a scope.
enum RequestRendering {
    static func render(_ template: RequestTemplate, scope: TemplateScope, authorization: String?) throws(TemplateScope.RenderError) -> HTTPRequest {
        var target = try scope.renderText(template.path)
        var queryParts: [String] = []
        for (name, values) in template.query {
            let renderedName = try scope.renderText(name)
            for value in values {
                let text = TemplateScope.text(of: try scope.render(json: value))
                queryParts.append(formEncode(renderedName) + "=" + formEncode(text))
            }
        }
        if !queryParts.isEmpty { target += (target.contains("?") ? "&" : "?") + queryParts.joined(separator: "&") }

        var headers = HTTPHeaders()
        if let authorization { headers.add("Authorization", authorization) }
        var body: [UInt8] = []
        switch template.body {
        case .json(let value):
            headers.add("Content-Type", "application/json")
            body = Array(JSONWriter.compact(try scope.render(json: value)).utf8)
        case .form(let fields):
            headers.add("Content-Type", "application/x-www-form-urlencoded")
            var pairs: [String] = []
            for (name, values) in fields {
                let renderedName = try scope.renderText(name)
                for value in values { pairs.append(formEncode(renderedName) + "=" + formEncode(try scope.renderText(value))) }
            }
            body = Array(pairs.joined(separator: "&").utf8)
        case .text(let text):
            body = Array(try scope.renderText(text).utf8)
        case .bytes(let bytes):
            body = bytes
        case nil:
            break
        }
        for (name, value) in template.headers {
            if let value { headers.set(name, try scope.renderText(value)) } else { headers.remove(name) }
        }
        return HTTPRequest(method: HTTPMethod(try scope.renderText(template.method)), target: target, headers: headers, body: body)
    }

    /// `application/x-www-form-urlencoded` encoding: unreserved characters stay, spaces become `+`.
    static func formEncode(_ text: String) -> String {
        PercentDecoding.quote(text, keeping: [UInt8(ascii: " ")]).replacingOccurrences(of: " ", with: "+")
    }

    /// The actors a step needs before it can be rendered: the one it runs as, and any whose properties it reads.
    static func actorsReferenced(by step: RequestStep, among actors: [String]) -> [String] {
        var names: [String] = []
        if let actor = step.actor { names.append(actor) }
        var texts: [String] = [step.request.method, step.request.path]
        texts += step.request.query.flatMap { [$0.name] + $0.values.flatMap(strings) }
        texts += step.request.headers.compactMap(\.value)
        switch step.request.body {
        case .json(let value): texts += strings(value)
        case .form(let fields): texts += fields.flatMap { [$0.name] + $0.values }
        case .text(let text): texts.append(text)
        default: break
        }
        if let expectation = step.expectation {
            texts += expectation.headers.compactMap { $0.matcher.map(matcherStrings) }.flatMap { $0 }
            if let json = expectation.json { texts += matcherStrings(json) }
            if let body = expectation.body { texts += matcherStrings(body) }
        }
        for text in texts {
            for expression in Template.expressions(in: text) {
                for reference in expression.references {
                    let head = String(reference.split(separator: ".").first ?? "")
                    if reference.contains("."), actors.contains(head), !names.contains(head) { names.append(head) }
                }
            }
        }
        return names
    }

    private static func strings(_ value: JSONValue) -> [String] {
        switch value {
        case .string(let text): return [text]
        case .array(let items): return items.flatMap(strings)
        case .object(let object): return object.flatMap { [$0.key] + strings($0.value) }
        default: return []
        }
    }

    private static func matcherStrings(_ matcher: Matcher) -> [String] {
        switch matcher {
        case .template(let text): return [text]
        case .ref(let name): return ["{{\(name)}}"]
        case .relation(_, let other): return strings(other)
        case .object(let members, _): return members.flatMap { matcherStrings($0.matcher) }
        case .array(let items), .anyOrder(let items), .contains(let items), .oneOf(let items): return items.flatMap(matcherStrings)
        case .nullable(let inner), .eachLike(let inner, _, _): return matcherStrings(inner)
        default: return []
        }
    }
}
