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

    /// `agent_id: int` in the path.
    mutating func pathInteger(_ context: RequestContext, _ name: String) -> JSONNumber? {
        let raw = context.pathParameters[name] ?? ""
        switch LaxCoercion.integer(.string(raw)) {
        case .success(let number): return number
        case .failure(let issue):
            issues.append(issue.located(under: ["path", .string(name)]))
            return nil
        }
    }

    /// `name: int = Query(default, ge=…, le=…)`.
    mutating func queryInteger(_ context: RequestContext, _ name: String, default defaultValue: Int64,
                               ge: Int64?, le: Int64?) -> JSONNumber? {
        guard let raw = context.queryValue(name) else { return JSONNumber(defaultValue) }
        switch FieldValidator.validate(.string(raw), as: .integer(ge: ge, le: le)) {
        case .success(let value): return value.integer
        case .failure(let found):
            issues += found.issues.map { $0.located(under: ["query", .string(name)]) }
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

    /// Throws the collected 422, if any.
    func finish() throws(APIError) {
        if !issues.isEmpty { throw APIError.validation(issues) }
    }
}
