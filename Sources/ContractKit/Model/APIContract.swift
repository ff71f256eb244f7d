import JSONCore

/// `contracts/api.json`: the routes, auth and ownership rules, field constraints and behaviours of the API.
/// Coverage reads it to show what the fixtures exercise; derived checks read it to test what nobody wrote.
public struct APIContract: Sendable {
    public struct Route: Sendable, Equatable {
        public let method: String
        public let path: String
        public let isPublic: Bool
        /// A WebSocket route: 101 when the handshake is accepted, 403 when refused.
        public let isWebSocket: Bool
        public let statuses: [Int]
        public let body: String?
        public let form: String?
        public let query: String?
        public let pathParameters: String?
        /// A WebSocket route that takes its credential as a query parameter (`?token=`): the parameter.
        public var credentialQuery: String?

        /// `METHOD /path/{param}`, the way rules name a route.
        public var name: String { "\(method) \(path)" }
    }

    /// What a request gets in a given situation (unauthenticated, another user, …).
    public struct Answer: Sendable {
        public let status: Int
        public let json: JSONValue?
        public let headers: [(name: String, value: String)]
    }

    public struct OwnershipRule: Sendable {
        public let route: String
        /// The path parameter or body field that names another user's resource; nil for a list.
        public let resource: String?
        public let inBody: Bool
        /// For list routes: what kind of resource must not leak into another user's list.
        public let lists: String?
        public let otherUser: Answer
    }

    /// A field constraint, the JSON-Schema-like subset of the contract.
    public struct Field: Sendable {
        public let name: String
        public let type: String
        public let required: Bool
        public let nullable: Bool
        public let minLength: Int?
        public let maxLength: Int?
        public let pattern: String?
        public let minimum: Double?
        public let maximum: Double?
        public let itemsType: String?
        /// The message of the custom no-surrounding-whitespace rule, when the field has it.
        public let noSurroundingWhitespace: String?
    }

    public struct Model: Sendable {
        public let name: String
        public let fields: [Field]
    }

    public struct Behaviour: Sendable {
        public let id: String
        public let text: String
        /// Globs of the fixtures that check it.
        public let fixtures: [String]
    }

    public struct RoutingRule: Sendable {
        public let id: String
        public let text: String
        public let status: Int
    }

    /// How a user's list is read: its route, and how to walk its pages (nil: one request, as the route stands).
    public struct ListRead: Sendable, Equatable {
        public let route: String
        public let pages: PageWalk?
    }

    /// How the owner re-reads a resource, and which list must never show it to someone else.
    public struct Resource: Sendable {
        public let parameter: String
        public let read: String
        public let list: ListRead?
        /// The field that holds a resource's id in answers (`id` unless `idField` says otherwise).
        public var idField = "id"
    }

    /// How a contract states its validation errors, and so how strictly derived checks compare them.
    public enum ValidationDialect: Sendable, Equatable {
        /// Pydantic v2 items compared whole: type, loc, msg, input, ctx (`"pydantic-v2"`).
        case pydanticExact
        /// Pydantic-style items compared by type and loc (the default).
        case pydanticTypes
        /// Any API: only the status says the value was refused (`{"dialect": "generic", "status": 400}`).
        case generic(status: Int)
    }

    public let routes: [Route]
    public let resources: [Resource]
    /// True when 422 items follow Pydantic v2 exactly (`"validationErrors": "pydantic-v2"`): derived checks
    /// then compare msg, input and ctx too, not only type and loc.
    public let pydanticMessages: Bool
    public let unauthenticated: Answer
    public let badToken: Answer
    public let ownership: [OwnershipRule]
    public let models: [Model]
    public let behaviours: [Behaviour]
    public let routing: [RoutingRule]
    /// The contract document beside api.json (its statements are coverage rows), by file name.
    public var document: String?
    /// How the API authenticates (`auth`); by default a bearer JWT signed HS256 whose `sub` is the actor's `id`.
    public var auth = AuthDescription()
    /// What `contract init` could not tell from the OpenAPI document (`todo`): lint shows each.
    public var todos: [String] = []
    /// How 422 items are compared (`validationErrors`).
    public var validationDialect = ValidationDialect.pydanticTypes
    /// Statements the derived checks cover, by kind of check (`auth.expired`, `ownership`, …).
    public var derivedCoverage: [(check: String, statements: [String])] = []
    /// Statements no request can check (how passwords are stored), each with the reason; coverage shows them apart.
    public var notObservable: [(statement: String, reason: String)] = []

    /// The derived-check names `derivedCoverage` may use.
    public static let derivedCheckNames: [String] =
        ["auth.no-credentials"] + TokenForgery.allCases.map { "auth.\($0.name)" } + ["ownership.another-user", "ownership.list", "validation.bounds"]

    public func resource(_ parameter: String) -> Resource? { resources.first { $0.parameter == parameter } }

    public func route(named name: String) -> Route? { routes.first { $0.name == name } }

    public func model(_ name: String?) -> Model? { name.flatMap { name in models.first { $0.name == name } } }

    /// The route a method and a concrete (or templated) path belong to.
    public func route(method: String, path: String, webSocket: Bool = false) -> Route? {
        routes.first { $0.isWebSocket == webSocket && $0.method == method && Self.matches(template: $0.path, path: path) }
    }

    /// Whether `path` fits the route template (`{param}` is one non-empty segment).
    public static func matches(template: String, path: String) -> Bool {
        let want = template.split(separator: "/", omittingEmptySubsequences: false)
        let have = path.split(separator: "?", maxSplits: 1).first.map { $0.split(separator: "/", omittingEmptySubsequences: false) } ?? []
        guard want.count == have.count else { return false }
        return zip(want, have).allSatisfy { pattern, part in
            pattern.hasPrefix("{") ? !part.isEmpty : pattern == part
        }
    }
}
