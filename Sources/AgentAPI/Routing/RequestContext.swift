import HTTPCore
import JSONCore

/// A matched request with its path parameters and query, as FastAPI's dependency solver sees it.
struct RequestContext {
    let request: HTTPRequest
    let pathParameters: [String: String]
    let query: [(name: String, value: String)]

    init(request: HTTPRequest, pathParameters: [String: String]) {
        self.request = request
        self.pathParameters = pathParameters
        // Starlette reads the query string as Latin-1 before `parse_qsl`.
        query = PercentDecoding.parseQuery(request.rawQuery)
    }

    /// The last value of a query parameter, as Starlette's `QueryParams.get` returns.
    func queryValue(_ name: String) -> String? {
        query.last { $0.name == name }?.value
    }
}

/// Collects path, query and body errors in FastAPI's order, then throws them as one 422.
struct ParameterValidation {
    private(set) var issues: [ValidationIssue] = []

    /// Every declared path and query parameter, in declaration order; nil when any failed.
    mutating func parameters(_ specs: [ParameterSpec], _ context: RequestContext) -> [String: JSONNumber]? {
        var values: [String: JSONNumber] = [:]
        var failed = false
        for spec in specs {
            if let value = parameter(spec, context) { values[spec.name] = value } else { failed = true }
        }
        return failed ? nil : values
    }

    /// `agent_id: int` in the path, or `name: int = Query(default, ge=…, le=…)`.
    private mutating func parameter(_ spec: ParameterSpec, _ context: RequestContext) -> JSONNumber? {
        let raw: String
        switch spec.location {
        case .path:
            raw = context.pathParameters[spec.name] ?? ""
        case .query:
            guard let given = context.queryValue(spec.name) else { return JSONNumber(spec.defaultValue ?? 0) }
            raw = given
        }
        switch FieldValidator.validate(.string(raw), as: .integer(ge: spec.minimum, le: spec.maximum)) {
        case .success(let value): return value.integer
        case .failure(let found):
            issues += found.issues.map { $0.located(under: [.string(spec.location.rawValue), .string(spec.name)]) }
            return nil
        }
    }

    /// A JSON body validated against `schema`, with FastAPI's handling of an absent body.
    mutating func body(_ decoded: RequestBody.Decoded, _ schema: ModelSchema) -> ModelSchema.Validated? {
        let input: JSONValue
        switch decoded {
        case .absent, .json(.null):
            issues.append(ValidationIssue.missing(input: .null).located(under: ["body"]))
            return nil
        case .json(let value): input = value
        case .text(let text): input = .string(text)
        }
        switch schema.validate(input) {
        case .success(let validated): return validated
        case .failure(let found):
            issues += found.issues.map { $0.located(under: ["body"]) }
            return nil
        }
    }

    /// Issues found elsewhere (the login form's own checks).
    mutating func add(_ found: [ValidationIssue]) { issues += found }

    /// Throws the collected 422, if any.
    func finish() throws(APIError) {
        if !issues.isEmpty { throw APIError.validation(issues) }
    }
}
