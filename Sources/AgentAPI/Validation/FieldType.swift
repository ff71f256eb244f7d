import JSONCore

/// A Pydantic field type with its `Field(...)` constraints: the subset the agent API declares.
indirect enum FieldType: Sendable {
    case string(StringConstraints)
    case float(ge: Double?, le: Double?)
    case integer(ge: Int64?, le: Int64?)
    case integerList
    /// `T | None`: null is accepted; anything else is validated as `T` with the same `loc`.
    case nullable(FieldType)
}

/// `str` constraints, checked in pydantic-core's order: min_length, max_length, pattern; then the
/// model's `field_validator` (the no-surrounding-whitespace rule), which only sees valid strings.
struct StringConstraints: Sendable {
    var minLength: Int?
    var maxLength: Int?
    var pattern: Pattern?
    /// `if v.strip() != v: raise ValueError("Name cannot have leading/trailing spaces")`.
    var rejectSurroundingSpace = false
}

/// A validated field value.
enum FieldValue: Sendable, Equatable {
    case null
    case string(String)
    case float(Double)
    /// An integer of any size, as Python has them.
    case integer(JSONNumber)
    case integerList([JSONNumber])

    var string: String? { if case .string(let s) = self { return s } else { return nil } }
    var float: Double? { if case .float(let f) = self { return f } else { return nil } }
    var integer: JSONNumber? { if case .integer(let n) = self { return n } else { return nil } }
    var integerList: [JSONNumber]? { if case .integerList(let l) = self { return l } else { return nil } }
}

/// One field of a model: its name, its type and, for optional fields, the default.
struct FieldSpec: Sendable {
    let name: String
    let type: FieldType
    /// nil when the field is required.
    let defaultValue: FieldValue?

    init(_ name: String, _ type: FieldType, default defaultValue: FieldValue? = nil) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
    }
}
