import JSONCore

/// One scenario from `fixtures/`: its actors and its steps, ready to run.
public struct Fixture: Sendable {
    /// The path relative to the fixtures folder, which names the fixture in every report.
    public let file: String
    public let description: String
    public let tags: [String]
    public let actors: [String]
    public let variables: [(name: String, value: JSONValue)]
    public let steps: [Step]
    /// The contract statements (ids of the contract document) this fixture checks.
    public var covers: [String] = []
    /// Where `covers` stands in the file, for reports about its ids.
    public var coversLine = 1

    public init(
        file: String, description: String, tags: [String], actors: [String],
        variables: [(name: String, value: JSONValue)], steps: [Step]
    ) {
        self.file = file
        self.description = description
        self.tags = tags
        self.actors = actors
        self.variables = variables
        self.steps = steps
    }

    /// Requests and WebSocket steps, a parallel group's members each: what a run sends (shards balance by it).
    public var stepCount: Int {
        steps.reduce(0) { count, step in
            if case .parallel(let group) = step { return count + group.members.count }
            return count + 1
        }
    }

    /// Every request step, with parallel groups flattened, in file order.
    public var requestSteps: [RequestStep] {
        steps.flatMap { step -> [RequestStep] in
            switch step {
            case .request(let single): return [single]
            case .parallel(let group): return group.members
            case .webSocket: return []
            }
        }
    }

    /// Every WebSocket step, in file order.
    public var webSocketSteps: [WebSocketStep] {
        steps.compactMap { if case .webSocket(let step) = $0 { return step } else { return nil } }
    }
}

extension Step {
    /// The requests the step sends: itself, a parallel group's members, or a WebSocket's handshake.
    public var requests: [RequestStep] {
        switch self {
        case .request(let single): return [single]
        case .parallel(let group): return group.members
        case .webSocket(let socket): return [socket.handshake]
        }
    }
}

extension WebSocketStep {
    /// The handshake as a request step (no expectation: the conversation checks the upgrade).
    public var handshake: RequestStep {
        RequestStep(number: number, name: name, actor: actor, request: request, expectation: nil, captures: [], line: line)
    }
}

/// A step: one request, or a group of requests sent at the same time.
public enum Step: Sendable {
    case request(RequestStep)
    case parallel(ParallelGroup)
    case webSocket(WebSocketStep)

    public var number: Int {
        switch self {
        case .request(let step): return step.number
        case .parallel(let group): return group.number
        case .webSocket(let step): return step.number
        }
    }

    public var name: String? {
        switch self {
        case .request(let step): return step.name
        case .parallel(let group): return group.name
        case .webSocket(let step): return step.name
        }
    }

    /// Where the step starts in its fixture file, for reports and editors.
    public var line: Int {
        switch self {
        case .request(let step): return step.line
        case .parallel(let group): return group.line
        case .webSocket(let step): return step.line
        }
    }
}

/// A WebSocket conversation: the handshake (or its refusal), then messages sent and expected in order.
public struct WebSocketStep: Sendable {
    public let number: Int
    public let name: String?
    public let actor: String?
    /// The handshake request (method GET; no body).
    public let request: RequestTemplate
    /// The status the handshake must be refused with; nil when it must be accepted.
    public let refused: Int?
    public let actions: [WebSocketAction]
    public let line: Int
}

/// One thing to do or expect on an open WebSocket.
public enum WebSocketAction: Sendable {
    case sendText(String)
    case sendJSON(JSONValue)
    case sendBinary([UInt8])
    /// The next message must be text holding JSON that matches.
    case receive(Matcher, captures: [(name: String, source: CaptureSource)], within: Double)
    /// The next message must be text that matches (exact string or matcher).
    case receiveText(Matcher, within: Double)
    /// The server must close with one of these codes; nil means the connection drops without a close frame (1006).
    case closed(codes: [UInt16?], within: Double)
    /// The client closes with this code.
    case close(UInt16)
}

/// Requests fired together; `statuses` lists the multisets of statuses that may come back (any one of
/// them, each in any order): a race the contract allows to end more than one way names every way.
public struct ParallelGroup: Sendable {
    public let number: Int
    public let name: String?
    public let members: [RequestStep]
    public let statuses: [[Int]]?
    public let line: Int
}

/// One request, what must come back, and what to keep for later steps.
public struct RequestStep: Sendable {
    /// 1-based position in the fixture (members of a parallel group share their group's number).
    public let number: Int
    public let name: String?
    public let actor: String?
    public let request: RequestTemplate
    public let expectation: Expectation?
    public let captures: [(name: String, source: CaptureSource)]
    /// Where the step starts in its file.
    public let line: Int

    public init(
        number: Int, name: String?, actor: String?, request: RequestTemplate, expectation: Expectation?,
        captures: [(name: String, source: CaptureSource)], line: Int
    ) {
        self.number = number
        self.name = name
        self.actor = actor
        self.request = request
        self.expectation = expectation
        self.captures = captures
        self.line = line
    }
}

/// How to walk a paginated list to its end: the query parameters that window it, and the page size.
public struct PageWalk: Sendable, Equatable {
    public var skip = "skip"
    public var limit = "limit"
    public var size = 100
    /// A bound on the walk, so a list that never ends cannot hold a run forever.
    public static let maximumPages = 1000

    public init(skip: String = "skip", limit: String = "limit", size: Int = 100) {
        self.skip = skip
        self.limit = limit
        self.size = size
    }
}

/// A request with `{{templates}}` still in it.
public struct RequestTemplate: Sendable {
    public var method: String
    public var path: String
    public var query: [(name: String, values: [JSONValue])]
    /// A nil value removes a header the step would otherwise send.
    public var headers: [(name: String, value: String?)]
    public var body: BodyTemplate?
    /// Set when the step reads a whole paginated list: every page, concatenated.
    public var pages: PageWalk?

    public init(
        method: String, path: String, query: [(name: String, values: [JSONValue])] = [],
        headers: [(name: String, value: String?)] = [], body: BodyTemplate? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

public enum BodyTemplate: Sendable {
    case json(JSONValue)
    case form([(name: String, values: [String])])
    case text(String)
    case bytes([UInt8])
}

/// What a response must look like.
public struct Expectation: Sendable {
    public var statuses: [Int]?
    /// A nil matcher means the header must be absent.
    public var headers: [(name: String, matcher: Matcher?)]
    public var json: Matcher?
    public var body: Matcher?

    public init(
        statuses: [Int]? = nil, headers: [(name: String, matcher: Matcher?)] = [], json: Matcher? = nil,
        body: Matcher? = nil
    ) {
        self.statuses = statuses
        self.headers = headers
        self.json = json
        self.body = body
    }
}

/// Where a captured value comes from.
public enum CaptureSource: Sendable, CustomStringConvertible {
    case json(JSONPath)
    case header(String)

    public var description: String {
        switch self {
        case .json(let path): return path.description
        case .header(let name): return "header:\(name)"
        }
    }
}
