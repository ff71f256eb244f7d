import Foundation
import JSONCore

/// Turns fixture files into `Fixture`s, or into every problem they have, each with file:line:column.
public enum FixtureLoader {
    static let fileKeys: Set<String> = ["description", "tags", "covers", "actors", "variables", "steps"]
    static let stepKeys: Set<String> = ["name", "as", "request", "expect", "capture"]
    static let groupKeys: Set<String> = ["name", "parallel", "expect"]
    static let requestKeys: Set<String> = ["method", "path", "query", "headers", "json", "form", "body", "bodyBase64", "allPages"]
    static let expectKeys: Set<String> = ["status", "headers", "json", "body"]

    /// Every `.json` file under `directory` (README files and hidden folders aside), sorted by path.
    public static func fixtureFiles(in folder: URL) -> [URL] {
        let directory = folder.resolvingSymlinksInPath()
        guard
            let enumerator = FileManager.default.enumerator(
                at: directory, includingPropertiesForKeys: nil,
                options: [.skipsHiddenFiles])
        else { return [] }
        var files: [URL] = []
        for case let url as URL in enumerator where url.pathExtension == "json" {
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Loads every fixture under `directory`; files with problems come back as issues instead.
    public static func load(directory: URL) -> (fixtures: [Fixture], issues: [FixtureIssue]) {
        var fixtures: [Fixture] = []
        var issues: [FixtureIssue] = []
        let base = directory.resolvingSymlinksInPath().standardizedFileURL.path
        for url in fixtureFiles(in: directory) {
            var relative = url.resolvingSymlinksInPath().standardizedFileURL.path
            if relative.hasPrefix(base + "/") { relative = String(relative.dropFirst(base.count + 1)) }
            guard let data = FileManager.default.contents(atPath: url.path) else {
                issues.append(FixtureIssue(file: relative, line: 1, column: 1, message: "cannot read the file"))
                continue
            }
            switch load(bytes: Array(data), file: relative) {
            case .success(let fixture): fixtures.append(fixture)
            case .failure(let found): issues += found.issues
            }
        }
        return (fixtures, issues)
    }

    /// The problems of one file.
    public struct Failure: Error, Sendable {
        public let issues: [FixtureIssue]
        public init(issues: [FixtureIssue]) { self.issues = issues }
    }

    /// Parses one fixture document.
    public static func load(bytes: [UInt8], file: String) -> Result<Fixture, Failure> {
        let value: JSONValue
        var reader: DocumentReader
        do {
            (value, reader) = try DocumentReader.open(bytes, file: file)
        } catch {
            return .failure(error)
        }
        guard let root = reader.object(value, at: [], allowed: fileKeys, what: "a fixture") else {
            return .failure(Failure(issues: reader.issues))
        }
        let description = reader.string(root, "description", at: [], required: true) ?? ""
        let tags = reader.strings(root, "tags", at: [])
        let actors = reader.strings(root, "actors", at: [])
        var variables: [(name: String, value: JSONValue)] = []
        if let object = reader.object(
            root["variables"], at: ["variables"], allowed: Set(root["variables"]?.objectValue?.keys ?? []),
            what: "variables")
        {
            variables = object.map { ($0.key, $0.value) }
        }
        var steps: [Step] = []
        if case .array(let items)? = root["steps"] {
            if items.isEmpty { reader.report("a fixture needs at least one step", at: ["steps"]) }
            for (offset, item) in items.enumerated() {
                if let step = readStep(&reader, item, number: offset + 1, at: ["steps", String(offset)]) { steps.append(step) }
            }
        } else {
            reader.report(root["steps"] == nil ? "missing required key \"steps\"" : "\"steps\" must be an array", at: ["steps"])
        }
        for actor in actors where actor.isEmpty || actor.contains(".") || actor.hasPrefix("$") {
            reader.report("an actor name is a plain word, not \"\(actor)\"", at: ["actors"])
        }
        var fixture = Fixture(file: file, description: description, tags: tags, actors: actors, variables: variables, steps: steps)
        fixture.covers = reader.strings(root, "covers", at: [])
        fixture.coversLine = reader.line(of: ["covers"])
        reader.issues += FixtureLinter.check(fixture, file: file)
        return reader.issues.isEmpty ? .success(fixture) : .failure(Failure(issues: reader.issues))
    }

    static let webSocketStepKeys: Set<String> = ["name", "as", "websocket", "refused", "messages"]
    static let webSocketActionKeys: Set<String> = [
        "send", "sendJSON", "sendBinary", "receive", "receiveText", "closed", "close",
        "within", "capture",
    ]
    /// Seconds a WebSocket expectation waits by default.
    static let defaultWithin = 5.0

    private static func readWebSocketStep(_ reader: inout DocumentReader, _ object: JSONObject, number: Int, at path: [String]) -> Step? {
        guard reader.object(.object(object), at: path, allowed: webSocketStepKeys, what: "a WebSocket step") != nil else { return nil }
        guard
            let handshake = reader.object(
                object["websocket"], at: path + ["websocket"], allowed: ["path", "query", "headers"],
                what: "a WebSocket handshake"),
            var request = readRequest(&reader, .object(handshake.merging(method: "GET")), at: path + ["websocket"])
        else { return nil }
        request.method = "GET"
        var refused: Int?
        if let status = object["refused"] { refused = reader.statuses(status, at: path + ["refused"])?.first }
        var actions: [WebSocketAction] = []
        for (offset, item) in (object["messages"]?.arrayValue ?? []).enumerated() {
            let itemPath = path + ["messages", String(offset)]
            guard let action = reader.object(item, at: itemPath, allowed: webSocketActionKeys, what: "a WebSocket message") else { continue }
            let within = action["within"]?.numberValue?.double ?? defaultWithin
            let kinds = ["send", "sendJSON", "sendBinary", "receive", "receiveText", "closed", "close"].filter { action.contains($0) }
            guard kinds.count == 1, let kind = kinds.first, let argument = action[kind] else {
                reader.report(
                    "a WebSocket message does one thing: send, sendJSON, sendBinary, receive, receiveText, closed or close",
                    at: itemPath)
                continue
            }
            switch kind {
            case "send":
                if let text = argument.stringValue {
                    actions.append(.sendText(text))
                } else {
                    reader.report("send takes text", at: itemPath + [kind])
                }
            case "sendJSON":
                actions.append(.sendJSON(argument))
            case "sendBinary":
                if let bytes = argument.stringValue.flatMap({ Data(base64Encoded: $0) }) {
                    actions.append(.sendBinary(Array(bytes)))
                } else {
                    reader.report("sendBinary takes base64", at: itemPath + [kind])
                }
            case "receive":
                var captures: [(name: String, source: CaptureSource)] = []
                for (name, source) in action["capture"]?.objectValue ?? JSONObject() {
                    if case .success(let jsonPath)? = source.stringValue.map(JSONPath.parse) {
                        captures.append((name, .json(jsonPath)))
                    } else {
                        reader.report("a capture here is a \"$.path\" into the message", at: itemPath + ["capture", name])
                    }
                }
                actions.append(.receive(reader.matcher(argument, at: itemPath + [kind]), captures: captures, within: within))
            case "receiveText":
                actions.append(.receiveText(reader.matcher(argument, at: itemPath + [kind]), within: within))
            case "closed":
                var codes: [UInt16?] = []
                for code in argument.arrayValue ?? [argument] {
                    if code.isNull {
                        codes.append(nil)
                    } else if let number = code.numberValue?.int64, (1000...4999).contains(number) {
                        codes.append(UInt16(number))
                    } else {
                        reader.report(
                            "closed takes a close code (1000–4999), null for a dropped connection, or an array of those", at: itemPath + [kind])
                    }
                }
                if !codes.isEmpty { actions.append(.closed(codes: codes, within: within)) }
            default:
                if let code = argument.numberValue?.int64, (1000...4999).contains(code) {
                    actions.append(.close(UInt16(code)))
                } else {
                    reader.report("close takes a close code (1000–4999)", at: itemPath + [kind])
                }
            }
        }
        if refused != nil && !actions.isEmpty { reader.report("a refused handshake has no messages", at: path + ["messages"]) }
        return .webSocket(
            WebSocketStep(
                number: number, name: reader.string(object, "name", at: path), actor: reader.string(object, "as", at: path),
                request: request, refused: refused, actions: actions, line: reader.line(of: path)))
    }

    private static func readStep(_ reader: inout DocumentReader, _ value: JSONValue, number: Int, at path: [String]) -> Step? {
        if case .object(let object) = value, object.contains("websocket") {
            return readWebSocketStep(&reader, object, number: number, at: path)
        }
        if case .object(let object) = value, object.contains("parallel") {
            guard let group = reader.object(value, at: path, allowed: groupKeys, what: "a parallel group") else { return nil }
            var members: [RequestStep] = []
            if case .array(let items)? = group["parallel"], items.count >= 2 {
                for (offset, item) in items.enumerated() {
                    if let member = readRequestStep(&reader, item, number: number, at: path + ["parallel", String(offset)]) {
                        members.append(member)
                    }
                }
            } else {
                reader.report("\"parallel\" takes an array of at least two steps", at: path + ["parallel"])
            }
            var statuses: [[Int]]?
            if let expect = reader.object(group["expect"], at: path + ["expect"], allowed: ["statuses"], what: "a group's expect"),
                let list = expect["statuses"]
            {
                statuses = reader.statusSets(list, count: members.count, at: path + ["expect", "statuses"])
            }
            return .parallel(
                ParallelGroup(
                    number: number, name: reader.string(group, "name", at: path), members: members,
                    statuses: statuses, line: reader.line(of: path)))
        }
        return readRequestStep(&reader, value, number: number, at: path).map(Step.request)
    }

    static func readRequestStep(_ reader: inout DocumentReader, _ value: JSONValue, number: Int, at path: [String]) -> RequestStep? {
        guard let object = reader.object(value, at: path, allowed: stepKeys, what: "a step") else {
            if !value.isNull { return nil }
            reader.report("a step must be an object", at: path)
            return nil
        }
        guard let request = readRequest(&reader, object["request"], at: path + ["request"]) else {
            if object["request"] == nil { reader.report("missing required key \"request\"", at: path) }
            return nil
        }
        let expectation = readExpectation(&reader, object["expect"], at: path + ["expect"])
        var captures: [(name: String, source: CaptureSource)] = []
        if let capture = reader.object(
            object["capture"], at: path + ["capture"],
            allowed: Set(object["capture"]?.objectValue?.keys ?? []), what: "capture")
        {
            for (name, source) in capture {
                guard case .string(let text) = source else {
                    reader.report("a capture source is a string: \"$.path\" or \"header:Name\"", at: path + ["capture", name])
                    continue
                }
                if text.lowercased().hasPrefix("header:") {
                    captures.append((name, .header(String(text.dropFirst(7)))))
                } else {
                    switch JSONPath.parse(text) {
                    case .success(let jsonPath): captures.append((name, .json(jsonPath)))
                    case .failure(let error): reader.report("invalid capture path \"\(text)\": \(error.message)", at: path + ["capture", name])
                    }
                }
            }
        }
        return RequestStep(
            number: number, name: reader.string(object, "name", at: path), actor: reader.string(object, "as", at: path),
            request: request, expectation: expectation, captures: captures, line: reader.line(of: path))
    }

    static func readRequest(_ reader: inout DocumentReader, _ value: JSONValue?, at path: [String]) -> RequestTemplate? {
        guard let object = reader.object(value, at: path, allowed: requestKeys, what: "a request") else { return nil }
        let method = reader.string(object, "method", at: path, required: true) ?? "GET"
        let target = reader.string(object, "path", at: path, required: true) ?? "/"
        if !target.hasPrefix("/") { reader.report("a path starts with /", at: path + ["path"]) }
        var request = RequestTemplate(method: method, path: target)
        if let query = reader.object(
            object["query"], at: path + ["query"], allowed: Set(object["query"]?.objectValue?.keys ?? []),
            what: "query")
        {
            for (name, value) in query {
                switch value {
                case .array(let items): request.query.append((name, items))
                case .object: reader.report("a query value is a string, number, boolean or array", at: path + ["query", name])
                default: request.query.append((name, [value]))
                }
            }
        }
        if let headers = reader.object(
            object["headers"], at: path + ["headers"],
            allowed: Set(object["headers"]?.objectValue?.keys ?? []), what: "headers")
        {
            for (name, value) in headers {
                switch value {
                case .string(let text): request.headers.append((name, text))
                case .null: request.headers.append((name, nil))
                default: reader.report("a header value is a string (or null to remove it)", at: path + ["headers", name])
                }
            }
        }
        if let walk = reader.object(object["allPages"], at: path + ["allPages"], allowed: ["skip", "limit", "size"], what: "allPages") {
            var pages = PageWalk()
            if let skip = reader.string(walk, "skip", at: path + ["allPages"]) { pages.skip = skip }
            if let limit = reader.string(walk, "limit", at: path + ["allPages"]) { pages.limit = limit }
            if let size = reader.number(walk, "size", at: path + ["allPages"], integer: true)?.int64 {
                if (1...100_000).contains(size) {
                    pages.size = Int(size)
                } else {
                    reader.report("a page size is 1 to 100000", at: path + ["allPages", "size"])
                }
            }
            request.pages = pages
        }
        let bodyKeys = ["json", "form", "body", "bodyBase64"].filter { object.contains($0) }
        if bodyKeys.count > 1 { reader.report("give one body: \(bodyKeys.joined(separator: " or "))", at: path) }
        if let json = object["json"] {
            request.body = .json(json)
        } else if let formValue = object["form"] {
            if let form = reader.object(formValue, at: path + ["form"], allowed: Set(formValue.objectValue?.keys ?? []), what: "form") {
                var fields: [(name: String, values: [String])] = []
                for (name, value) in form {
                    switch value {
                    case .string(let text): fields.append((name, [text]))
                    case .array(let items) where items.allSatisfy({ $0.stringValue != nil }):
                        fields.append((name, items.compactMap(\.stringValue)))
                    default: reader.report("a form value is a string or an array of strings", at: path + ["form", name])
                    }
                }
                request.body = .form(fields)
            }
        } else if let text = reader.string(object, "body", at: path) {
            request.body = .text(text)
        } else if let encoded = reader.string(object, "bodyBase64", at: path) {
            if let data = Data(base64Encoded: encoded) {
                request.body = .bytes(Array(data))
            } else {
                reader.report("bodyBase64 is not valid base64", at: path + ["bodyBase64"])
            }
        }
        return request
    }

    static func readExpectation(_ reader: inout DocumentReader, _ value: JSONValue?, at path: [String]) -> Expectation? {
        guard let object = reader.object(value, at: path, allowed: expectKeys, what: "expect") else { return nil }
        var expectation = Expectation()
        if let status = object["status"] { expectation.statuses = reader.statuses(status, at: path + ["status"]) }
        if let headers = reader.object(
            object["headers"], at: path + ["headers"],
            allowed: Set(object["headers"]?.objectValue?.keys ?? []), what: "headers")
        {
            for (name, value) in headers {
                expectation.headers.append((name, value.isNull ? nil : reader.matcher(value, at: path + ["headers", name])))
            }
        }
        if let json = object["json"] { expectation.json = reader.matcher(json, at: path + ["json"]) }
        if let body = object["body"] { expectation.body = reader.matcher(body, at: path + ["body"]) }
        return expectation
    }
}

extension JSONObject {
    /// A copy with `method` set, so a WebSocket handshake reads like any request.
    func merging(method: String) -> JSONObject {
        var copy = self
        copy["method"] = .string(method)
        return copy
    }
}
