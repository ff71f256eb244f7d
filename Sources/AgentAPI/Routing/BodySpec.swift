import HTTPCore
import JSONCore

/// What kind of body a route reads, by model name (for the route table's readers, such as documentation).
enum BodyKind: Sendable, Equatable {
    case none
    case json(model: String)
    case form(model: String)
}

/// A body as read off the request, before validation.
enum RawBody: Sendable {
    case none
    case json(RequestBody.Decoded)
    case form([(name: String, value: FormValue)])
}

/// How a route reads and validates its body, and the typed value its handler then receives.
struct BodySpec<Body: Sendable>: Sendable {
    let kind: BodyKind
    /// Runs before authentication, as FastAPI reads and decodes the body before any dependency.
    let read: @Sendable (HTTPRequest) throws -> RawBody
    /// Adds the body's 422 items to `validation`; nil when it failed.
    let validate: @Sendable (RawBody, FieldRules, inout ParameterValidation) throws -> Body?
}

/// The body of a route that reads none.
struct NoBody: Sendable {}

extension BodySpec where Body == NoBody {
    static var none: BodySpec<NoBody> {
        BodySpec(kind: .none, read: { _ in .none }, validate: { _, _, _ in NoBody() })
    }
}

extension BodySpec where Body: JSONBodyModel {
    /// A JSON body validated against `Body`'s model.
    static func json(_ model: Body.Type) -> BodySpec<Body> {
        BodySpec(
            kind: .json(model: model.modelName), read: { .json(try RequestBody.decodeJSON($0)) },
            validate: { raw, rules, validation in
                guard case .json(let decoded) = raw else { throw InternalError("a JSON route read another body") }
                return try validation.body(decoded, model.schema(rules)).map(model.init)
            })
    }
}

extension BodySpec where Body == LoginForm {
    /// The OAuth2 password form of the login route.
    static var loginForm: BodySpec<LoginForm> {
        BodySpec(
            kind: .form(model: "Body_login_api_v1_auth_login_post"), read: { .form(try RequestBody.decodeForm($0)) },
            validate: { raw, _, validation in
                guard case .form(let fields) = raw else { throw InternalError("a form route read another body") }
                switch LoginForm.validate(fields) {
                case .success(let form): return form
                case .failure(let failure):
                    validation.add(failure.issues)
                    return nil
                }
            })
    }
}
