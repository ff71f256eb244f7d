import Foundation
import JSONCore

/// Values just past (and just inside) each constraint of a field, with the 422 item Pydantic v2 writes.
enum FieldMutations {
    static func mutations(
        of field: APIContract.Field, in location: FieldMutation.Location, original: JSONValue?,
        wholeBody: JSONValue?
    ) -> [(title: String, mutation: FieldMutation)] {
        var found: [(String, FieldMutation)] = []
        let loc: [JSONValue] = [.string(location.rawValue), .string(field.name)]
        /// Query and path values travel as text, so their 422 inputs are strings.
        func input(_ value: JSONValue) -> JSONValue {
            guard location != .body else { return value }
            if case .string = value { return value }
            return .string(JSONWriter.compact(value))
        }
        func refuse(_ title: String, _ value: JSONValue, _ type: String, _ message: String, ctx: JSONObject? = nil) {
            var item = JSONObject([("type", .string(type)), ("loc", .array(loc)), ("msg", .string(message)), ("input", input(value))])
            if let ctx { item["ctx"] = .object(ctx) }
            found.append((title, FieldMutation(location: location, field: field.name, change: .set(value), answer: .refused(.object(item)))))
        }
        func accept(_ title: String, _ value: JSONValue) {
            found.append((title, FieldMutation(location: location, field: field.name, change: .set(value), answer: .accepted)))
        }

        if field.required && location == .body, case .object(var body)? = wholeBody {
            body[field.name] = nil
            let item = JSONObject([("type", "missing"), ("loc", .array(loc)), ("msg", "Field required"), ("input", .object(body))])
            found.append(
                (
                    "\(field.name) missing",
                    FieldMutation(
                        location: location, field: field.name, change: .remove,
                        answer: .refused(.object(item)))
                ))
        }
        switch field.type {
        case "string":
            if location == .body {
                refuse("\(field.name) a number", .integer(12345), "string_type", "Input should be a valid string")
                if !field.nullable { refuse("\(field.name) null", .null, "string_type", "Input should be a valid string") }
            }
            if let minimum = field.minLength, minimum > 0 {
                refuse(
                    "\(field.name) of length \(minimum - 1)", .string(String(repeating: "a", count: minimum - 1)), "string_too_short",
                    "String should have at least \(minimum) character\(minimum == 1 ? "" : "s")",
                    ctx: JSONObject([("min_length", .integer(minimum))]))
                if let value = sized(original, to: minimum, field: field) { accept("\(field.name) of length \(minimum)", .string(value)) }
            }
            if let maximum = field.maxLength {
                let long = String(repeating: "a", count: maximum + 1)
                refuse(
                    "\(field.name) of length \(maximum + 1)", .string(long), "string_too_long",
                    "String should have at most \(maximum) character\(maximum == 1 ? "" : "s")",
                    ctx: JSONObject([("max_length", .integer(maximum))]))
                if let value = sized(original, to: maximum, field: field) { accept("\(field.name) of length \(maximum)", .string(value)) }
            }
            if let pattern = field.pattern, let miss = nonMatching(pattern, field: field) {
                refuse(
                    "\(field.name) not matching the pattern", .string(miss), "string_pattern_mismatch",
                    "String should match pattern '\(pattern)'", ctx: JSONObject([("pattern", .string(pattern))]))
            }
            if let message = field.noSurroundingWhitespace {
                refuse(
                    "\(field.name) with a leading space", .string(" x"), "value_error", "Value error, \(message)",
                    ctx: JSONObject([("error", .object(JSONObject()))]))
                refuse(
                    "\(field.name) with a trailing tab", .string("x\t"), "value_error", "Value error, \(message)",
                    ctx: JSONObject([("error", .object(JSONObject()))]))
            }
        case "integer":
            refuse(
                "\(field.name) not a number", .string("abc"), "int_parsing",
                "Input should be a valid integer, unable to parse string as an integer")
            if location == .body {
                refuse(
                    "\(field.name) with a fraction", .float(2.5), "int_from_float",
                    "Input should be a valid integer, got a number with a fractional part")
                if !field.nullable { refuse("\(field.name) null", .null, "int_type", "Input should be a valid integer") }
            }
            if let minimum = field.minimum.map({ Int64($0) }) {
                refuse(
                    "\(field.name) \(minimum - 1)", .integer(minimum - 1), "greater_than_equal",
                    "Input should be greater than or equal to \(minimum)", ctx: JSONObject([("ge", .integer(minimum))]))
                accept("\(field.name) \(minimum)", .integer(minimum))
            }
            if let maximum = field.maximum.map({ Int64($0) }) {
                refuse(
                    "\(field.name) \(maximum + 1)", .integer(maximum + 1), "less_than_equal",
                    "Input should be less than or equal to \(maximum)", ctx: JSONObject([("le", .integer(maximum))]))
                accept("\(field.name) \(maximum)", .integer(maximum))
            }
        case "number":
            refuse(
                "\(field.name) not a number", .string("abc"), "float_parsing", "Input should be a valid number, unable to parse string as a number")
            if location == .body && !field.nullable {
                refuse("\(field.name) null", .null, "float_type", "Input should be a valid number")
            }
            if let minimum = field.minimum {
                refuse(
                    "\(field.name) below \(short(minimum))", .float(minimum - 0.1), "greater_than_equal",
                    "Input should be greater than or equal to \(short(minimum))", ctx: JSONObject([("ge", .float(minimum))]))
                accept("\(field.name) \(short(minimum))", .float(minimum))
            }
            if let maximum = field.maximum {
                refuse(
                    "\(field.name) above \(short(maximum))", .float(maximum + 0.1), "less_than_equal",
                    "Input should be less than or equal to \(short(maximum))", ctx: JSONObject([("le", .float(maximum))]))
                accept("\(field.name) \(short(maximum))", .float(maximum))
            }
        case "array":
            refuse("\(field.name) not a list", .string("abc"), "list_type", "Input should be a valid list")
            if !field.nullable && location == .body { refuse("\(field.name) null", .null, "list_type", "Input should be a valid list") }
            if field.itemsType == "integer" {
                var item = JSONObject([
                    ("type", "int_parsing"), ("loc", .array(loc + [.integer(0)])),
                    ("msg", "Input should be a valid integer, unable to parse string as an integer"), ("input", "abc"),
                ])
                item["ctx"] = nil
                found.append(
                    (
                        "\(field.name) with a non-integer item",
                        FieldMutation(
                            location: location, field: field.name,
                            change: .set(["abc"]), answer: .refused(.object(item)))
                    ))
            }
        default:
            break
        }
        return found
    }

    /// The original value grown or cut to exactly `length` code points, still matching the pattern.
    static func sized(_ original: JSONValue?, to length: Int, field: APIContract.Field) -> String? {
        let base = original?.stringValue ?? ""
        var candidates: [String] = []
        let count = base.unicodeScalars.count
        if count < length {
            let padding = String(repeating: "a", count: length - count)
            candidates = [base + padding, padding + base]
        } else {
            candidates = [String(String.UnicodeScalarView(base.unicodeScalars.prefix(length))), String(repeating: "a", count: length)]
        }
        return candidates.first { candidate in
            candidate.unicodeScalars.count == length && field.pattern.map { RegexCache.matches($0, candidate) } ?? true
        }
    }

    /// A short value the pattern does not match, within the field's length bounds.
    static func nonMatching(_ pattern: String, field: APIContract.Field) -> String? {
        let candidates = ["not matching", "x", "@", "llama-3", "plain text", "1"]
        return candidates.first { candidate in
            !RegexCache.matches(pattern, candidate)
                && candidate.count >= (field.minLength ?? 0) && candidate.count <= (field.maxLength ?? Int.max)
        }
    }

    /// Bounds as Pydantic prints them in messages: `2`, `0`, `0.5`.
    static func short(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
