import JSONCore

/// A Pydantic model: fields in declaration order. Validation reports every failing field, in that order.
struct ModelSchema: Sendable {
    let fields: [FieldSpec]

    /// The result of validating a body: each field's value, and which fields the body set (`exclude_unset`).
    struct Validated: Sendable {
        var values: [String: FieldValue] = [:]
        var explicitlySet: [String] = []

        subscript(name: String) -> FieldValue? { values[name] }
        func isSet(_ name: String) -> Bool { explicitlySet.contains(name) }
    }

    /// Validates `input` (what `json.loads` produced, or the raw body text for a non-JSON content type).
    func validate(_ input: JSONValue) -> Result<Validated, ValidationFailure> {
        guard case .object(let object) = input else {
            return .failure(
                ValidationFailure([
                    ValidationIssue(
                        "model_attributes_type",
                        msg: "Input should be a valid dictionary or object to extract fields from",
                        input: input)
                ]))
        }
        var validated = Validated()
        var issues: [ValidationIssue] = []
        for field in fields {
            guard let value = object[field.name] else {
                if let defaultValue = field.defaultValue {
                    validated.values[field.name] = defaultValue as FieldValue
                } else {
                    issues.append(ValidationIssue.missing(input: input).located(under: [.string(field.name)]))
                }
                continue
            }
            switch FieldValidator.validate(value, as: field.type) {
            case .success(let fieldValue):
                validated.values[field.name] = fieldValue
                validated.explicitlySet.append(field.name)
            case .failure(let fieldIssues):
                issues += fieldIssues.issues.map { $0.located(under: [.string(field.name)]) }
            }
        }
        return issues.isEmpty ? .success(validated) : .failure(ValidationFailure(issues))
    }
}

/// Validates one value against a field type, in pydantic-core's order of checks.
enum FieldValidator {
    static func validate(_ input: JSONValue, as type: FieldType) -> Result<FieldValue, ValidationFailure> {
        switch type {
        case .nullable(let inner):
            if input.isNull { return .success(.null) }
            return validate(input, as: inner)
        case .string(let constraints):
            return LaxCoercion.string(input).mapError { ValidationFailure([$0]) }.flatMap { text in
                if let issue = check(text, constraints, input: input) { return .failure(ValidationFailure([issue])) }
                return .success(.string(text))
            }
        case .float(let ge, let le):
            return LaxCoercion.float(input).mapError { ValidationFailure([$0]) }.flatMap { value in
                if let issue = NumericBounds.check(float: value, ge: ge, le: le, input: input) { return .failure(ValidationFailure([issue])) }
                return .success(.float(value))
            }
        case .integer(let ge, let le):
            return LaxCoercion.integer(input).mapError { ValidationFailure([$0]) }.flatMap { value in
                if let issue = NumericBounds.check(integer: value, ge: ge, le: le, input: input) { return .failure(ValidationFailure([issue])) }
                return .success(.integer(value))
            }
        case .integerList:
            return LaxCoercion.list(input).mapError { ValidationFailure([$0]) }.flatMap { elements in
                var values: [JSONNumber] = []
                var issues: [ValidationIssue] = []
                for (index, element) in elements.enumerated() {
                    switch LaxCoercion.integer(element) {
                    case .success(let number): values.append(number)
                    case .failure(let issue): issues.append(issue.located(under: [.integer(index)]))
                    }
                }
                return issues.isEmpty ? .success(.integerList(values)) : .failure(ValidationFailure(issues))
            }
        }
    }

    private static func check(_ text: String, _ constraints: StringConstraints, input: JSONValue) -> ValidationIssue? {
        let length = PythonText.length(text)
        if let minimum = constraints.minLength, length < minimum {
            return ValidationIssue(
                "string_too_short",
                msg: "String should have at least \(minimum) character\(minimum == 1 ? "" : "s")",
                input: input, ctx: JSONObject([("min_length", .integer(minimum))]))
        }
        if let maximum = constraints.maxLength, length > maximum {
            return ValidationIssue(
                "string_too_long",
                msg: "String should have at most \(maximum) character\(maximum == 1 ? "" : "s")",
                input: input, ctx: JSONObject([("max_length", .integer(maximum))]))
        }
        if let pattern = constraints.pattern, !pattern.matches(text) {
            return ValidationIssue(
                "string_pattern_mismatch", msg: "String should match pattern '\(pattern.rawValue)'",
                input: input, ctx: JSONObject([("pattern", .string(pattern.rawValue))]))
        }
        if constraints.rejectSurroundingSpace && PythonText.hasSurroundingSpace(text) {
            return ValidationIssue(
                "value_error", msg: "Value error, Name cannot have leading/trailing spaces",
                input: input, ctx: JSONObject([("error", .object(JSONObject()))]))
        }
        return nil
    }
}

/// `ge` / `le` checks with Pydantic's messages (bounds printed as Rust prints numbers: `2`, not `2.0`).
enum NumericBounds {
    /// One error at most; NaN fails every bound, and then the upper bound is the one reported.
    static func check(float value: Double, ge: Double?, le: Double?, input: JSONValue) -> ValidationIssue? {
        let upper = ValidationIssue(
            "less_than_equal", msg: "Input should be less than or equal to \(rustNumber(le ?? 0))",
            input: input, ctx: JSONObject([("le", .float(le ?? 0))]))
        let lower = ValidationIssue(
            "greater_than_equal", msg: "Input should be greater than or equal to \(rustNumber(ge ?? 0))",
            input: input, ctx: JSONObject([("ge", .float(ge ?? 0))]))
        if value.isNaN { return le != nil ? upper : (ge != nil ? lower : nil) }
        if let ge, value < ge { return lower }
        if let le, value > le { return upper }
        return nil
    }

    static func check(integer value: JSONNumber, ge: Int64?, le: Int64?, input: JSONValue) -> ValidationIssue? {
        if let ge, value.compare(to: JSONNumber(ge)) == .less {
            return ValidationIssue(
                "greater_than_equal", msg: "Input should be greater than or equal to \(ge)",
                input: input, ctx: JSONObject([("ge", .integer(ge))]))
        }
        if let le, value.compare(to: JSONNumber(le)) == .greater {
            return ValidationIssue(
                "less_than_equal", msg: "Input should be less than or equal to \(le)",
                input: input, ctx: JSONObject([("le", .integer(le))]))
        }
        return nil
    }

    /// Rust's `Display` for f64: shortest round-trip digits, never an exponent, no trailing `.0`.
    static func rustNumber(_ value: Double) -> String {
        let (negative, digits, point) = PythonFloat.shortestDigits(value)
        if value == 0 { return "0" }
        var text: String
        if point <= 0 {
            text = "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            text = digits + String(repeating: "0", count: point - digits.count)
        } else {
            let split = digits.index(digits.startIndex, offsetBy: point)
            text = digits[..<split] + "." + digits[split...]
        }
        return negative ? "-" + text : text
    }
}
