import JSONCore

/// One item of a 422 `detail`, with Pydantic v2's fields in Pydantic's order: type, loc, msg, input, ctx.
struct ValidationIssue: Error, Sendable, Equatable {
    let type: String
    var loc: [JSONValue]
    let msg: String
    let input: JSONValue
    let ctx: JSONObject?

    init(_ type: String, loc: [JSONValue] = [], msg: String, input: JSONValue, ctx: JSONObject? = nil) {
        self.type = type
        self.loc = loc
        self.msg = msg
        self.input = input
        self.ctx = ctx
    }

    /// The same issue one level deeper: `prefix` is prepended to `loc`.
    func located(under prefix: [JSONValue]) -> ValidationIssue {
        var copy = self
        copy.loc = prefix + loc
        return copy
    }

    var json: JSONValue {
        var object = JSONObject()
        object["type"] = .string(type)
        object["loc"] = .array(loc)
        object["msg"] = .string(msg)
        object["input"] = input
        if let ctx { object["ctx"] = .object(ctx) }
        return .object(object)
    }

    static func missing(input: JSONValue) -> ValidationIssue {
        ValidationIssue("missing", msg: "Field required", input: input)
    }
}

/// Several issues at once: every failing field of a model, or every bad item of a list.
struct ValidationFailure: Error, Sendable {
    var issues: [ValidationIssue]
    init(_ issues: [ValidationIssue]) { self.issues = issues }
}
