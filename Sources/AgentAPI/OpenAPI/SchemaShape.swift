import JSONCore

/// A field's JSON Schema as Pydantic 2.12 writes it for FastAPI, with its keys in Pydantic's order:
/// the type, its constraints (maxLength before minLength, maximum before minimum), then title and default.
indirect enum SchemaShape: Sendable {
    case string(maxLength: Int? = nil, minLength: Int? = nil, pattern: String? = nil, format: String? = nil)
    case number(maximum: Double? = nil, minimum: Double? = nil)
    case integer(maximum: Int64? = nil, minimum: Int64? = nil)
    case boolean
    case integerArray
    case stringEnum([String])
    /// `T | None`; `format` is a key Pydantic writes beside the `anyOf` (OAuth2's `client_secret`).
    case nullable(SchemaShape, format: String? = nil)
    case reference(String)
    case array(of: SchemaShape)
    /// `dict[str, str]`.
    case stringMap
    /// `list[str | int]`, the `loc` of a validation error.
    case locationArray

    /// The schema's own keys, without title or default.
    var members: [(String, JSONValue)] {
        switch self {
        case .string(let maxLength, let minLength, let pattern, let format):
            var members: [(String, JSONValue)] = [("type", "string")]
            if let maxLength { members.append(("maxLength", .integer(maxLength))) }
            if let minLength { members.append(("minLength", .integer(minLength))) }
            if let pattern { members.append(("pattern", .string(pattern))) }
            if let format { members.append(("format", .string(format))) }
            return members
        case .number(let maximum, let minimum):
            var members: [(String, JSONValue)] = [("type", "number")]
            if let maximum { members.append(("maximum", .float(maximum))) }
            if let minimum { members.append(("minimum", .float(minimum))) }
            return members
        case .integer(let maximum, let minimum):
            var members: [(String, JSONValue)] = [("type", "integer")]
            if let maximum { members.append(("maximum", .integer(maximum))) }
            if let minimum { members.append(("minimum", .integer(minimum))) }
            return members
        case .boolean:
            return [("type", "boolean")]
        case .integerArray:
            return [("items", ["type": "integer"]), ("type", "array")]
        case .stringEnum(let values):
            return [("type", "string"), ("enum", .array(values.map(JSONValue.string)))]
        case .nullable(let inner, let format):
            var members: [(String, JSONValue)] = [("anyOf", [.object(JSONObject(inner.members)), ["type": "null"]])]
            if let format { members.append(("format", .string(format))) }
            return members
        case .reference(let model):
            return [("$ref", .string("#/components/schemas/\(model)"))]
        case .array(let element):
            return [("items", .object(JSONObject(element.members))), ("type", "array")]
        case .stringMap:
            return [("additionalProperties", ["type": "string"]), ("type", "object")]
        case .locationArray:
            return [("items", ["anyOf": [["type": "string"], ["type": "integer"]]]), ("type", "array")]
        }
    }

    /// A validation model's field type as its schema.
    init(_ type: FieldType) {
        switch type {
        case .string(let constraints):
            self = .string(maxLength: constraints.maxLength, minLength: constraints.minLength, pattern: constraints.pattern?.rawValue)
        case .float(let ge, let le): self = .number(maximum: le, minimum: ge)
        case .integer(let ge, let le): self = .integer(maximum: le, minimum: ge)
        case .integerList: self = .integerArray
        case .nullable(let inner): self = .nullable(SchemaShape(inner))
        }
    }
}

/// One property of a model schema.
struct SchemaProperty: Sendable {
    let name: String
    let shape: SchemaShape
    /// The default Pydantic writes: a literal default; never `None` or a default factory.
    var defaultValue: JSONValue?
    var required: Bool
    /// Pydantic's title: the field name with underscores as spaces, title-cased (`model_name` → `Model Name`).
    var title: String

    init(_ name: String, _ shape: SchemaShape, default defaultValue: JSONValue? = nil, required: Bool = true, title: String? = nil) {
        self.name = name
        self.shape = shape
        self.defaultValue = defaultValue
        self.required = required
        self.title = title ?? PythonTitle.of(name.replacingOccurrences(of: "_", with: " "))
    }

    var schema: JSONValue {
        var object = JSONObject(shape.members)
        object["title"] = .string(title)
        if let defaultValue { object["default"] = defaultValue }
        return .object(object)
    }
}

/// A component schema: properties in declaration order, then `type`, `required`, `title`, `description`.
struct ModelDocument: Sendable {
    let name: String
    let properties: [SchemaProperty]
    var description: String?

    var schema: JSONValue {
        var object = JSONObject()
        object["properties"] = .object(JSONObject(properties.map { ($0.name, $0.schema) }))
        object["type"] = "object"
        let required = properties.filter(\.required).map { JSONValue.string($0.name) }
        if !required.isEmpty { object["required"] = .array(required) }
        object["title"] = .string(name)
        if let description { object["description"] = .string(description) }
        return .object(object)
    }

    /// A request model as its validator declares it: a field with a default is optional, and only
    /// literal defaults are written (Pydantic leaves out `None` and `default_factory`).
    init(_ name: String, _ model: ModelSchema, description: String? = nil) {
        self.name = name
        self.description = description
        properties = model.fields.map { field in
            let literal: JSONValue? =
                switch field.defaultValue {
                case .float(let value)?: .float(value)
                case .string(let text)?: .string(text)
                default: nil
                }
            return SchemaProperty(field.name, SchemaShape(field.type), default: literal, required: field.defaultValue == nil)
        }
    }

    init(_ name: String, _ properties: [SchemaProperty], description: String? = nil) {
        self.name = name
        self.properties = properties
        self.description = description
    }
}

/// Python's `str.title()`: the first cased letter of each run of letters upper-cased, the rest lower-cased.
enum PythonTitle {
    static func of(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var previousCased = false
        for scalar in text.unicodeScalars {
            let cased = scalar.properties.isCased
            if cased {
                out.append(contentsOf: (previousCased ? scalar.properties.lowercaseMapping : scalar.properties.titlecaseMapping).unicodeScalars)
            } else {
                out.append(scalar)
            }
            previousCased = cased
        }
        return String(out)
    }
}
