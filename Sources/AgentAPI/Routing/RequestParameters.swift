import JSONCore

/// One declared path or query parameter: an integer, as every parameter of the agent API is.
struct ParameterSpec: Sendable, Equatable {
    enum Location: String, Sendable { case path, query }

    let name: String
    let location: Location
    /// Query parameters only: the value when the query leaves it out.
    let defaultValue: Int64?
    let minimum: Int64?
    let maximum: Int64?

    static func path(_ name: String) -> ParameterSpec {
        ParameterSpec(name: name, location: .path, defaultValue: nil, minimum: nil, maximum: nil)
    }

    static func query(_ name: String, default value: Int64, minimum: Int64? = nil, maximum: Int64? = nil) -> ParameterSpec {
        ParameterSpec(name: name, location: .query, defaultValue: value, minimum: minimum, maximum: maximum)
    }
}

/// A route's parameters as one typed value, built once they all validated.
protocol RequestParameters: Sendable {
    /// In declaration order, which is the order of their 422 items.
    static var specs: [ParameterSpec] { get }
    init(_ values: [String: JSONNumber]) throws
}

extension Dictionary where Key == String, Value == JSONNumber {
    /// A value validation guarantees; a missing one is a broken invariant, never bad input.
    func required(_ name: String) throws -> JSONNumber {
        guard let value = self[name] else { throw InternalError("validated parameters lack \(name)") }
        return value
    }
}

struct NoParameters: RequestParameters {
    static let specs: [ParameterSpec] = []
    init(_ values: [String: JSONNumber]) {}
}

/// `skip: int = Query(0, ge=0)`, `limit: int = Query(100, ge=1, le=1000)`.
struct Pagination: RequestParameters {
    static let specs: [ParameterSpec] = [.query("skip", default: 0, minimum: 0), .query("limit", default: 100, minimum: 1, maximum: 1000)]
    /// Offsets beyond 64 bits are past every row anyway.
    let skip: Int64
    let limit: Int64

    init(_ values: [String: JSONNumber]) throws {
        skip = try values.required("skip").clampedToInt64
        limit = try values.required("limit").clampedToInt64
    }
}

struct AgentPath: RequestParameters {
    static let specs: [ParameterSpec] = [.path("agent_id")]
    let agentID: JSONNumber

    init(_ values: [String: JSONNumber]) throws { agentID = try values.required("agent_id") }
}

struct AgentPage: RequestParameters {
    static let specs = AgentPath.specs + Pagination.specs
    let agentID: JSONNumber
    let page: Pagination

    init(_ values: [String: JSONNumber]) throws {
        agentID = try values.required("agent_id")
        page = try Pagination(values)
    }
}

struct ExecutionPath: RequestParameters {
    static let specs: [ParameterSpec] = [.path("execution_id")]
    let executionID: JSONNumber

    init(_ values: [String: JSONNumber]) throws { executionID = try values.required("execution_id") }
}

extension JSONNumber {
    /// An offset for SQL: values beyond 64 bits are past every row anyway.
    var clampedToInt64: Int64 { int64 ?? (isNegative ? 0 : Int64.max) }
}
