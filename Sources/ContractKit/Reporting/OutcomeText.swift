import JSONCore

/// The words for typed outcomes. Every report renders from these; nothing parses them back.
extension Mismatch {
    /// Where, as a report shows it: `status`, `header:allow`, `$.detail[0].msg`, `message[1].type`.
    public var place: String {
        switch location {
        case .status: return "status"
        case .header(let name): return "header:\(name)"
        case .body(let path): return path.description
        case .rawBody: return "body"
        case .capture(let name): return "capture \(name)"
        case .groupStatuses: return "statuses"
        case .handshake: return "handshake"
        case .message(let index, let path): return "message[\(index)]" + path.description.dropFirst()
        case .ownerReadBack(let method, let target): return "owner's \(method) \(target)"
        case .otherUsersList(let target): return "another user's \(target)"
        case .exchange: return "step"
        }
    }

    /// What kind of difference, in a few words.
    public var explanation: String {
        switch kind {
        case .wrongStatus: return location == .handshake ? "refused with another status" : "wrong status"
        case .differentValue: return "different value"
        case .missing:
            if case .header = location { return "missing header" }
            return "missing key"
        case .unexpected:
            if case .header = location { return "header should be absent" }
            return "unexpected key (add it to the fixture, or \"$strict\": false)"
        case .wrongType(let expected): return "expected \(Self.article(expected)) \(expected), got \(actual.map(Self.typeName) ?? "nothing")"
        case .notMatching(let matcher): return Self.matcherFailure[matcher] ?? "does not match \(matcher)"
        case .missingElement(let expected, let actual): return "missing element (expected \(expected), got \(actual))"
        case .unexpectedElement(let expected, let actual): return "unexpected element (expected \(expected), got \(actual))"
        case .wrongCount(let expected, let actual): return "expected \(expected) elements, got \(actual)"
        case .tooFew(let minimum, let actual): return "expected at least \(minimum) elements, got \(actual)"
        case .tooMany(let maximum, let actual): return "expected at most \(maximum) elements, got \(actual)"
        case .elementsDiffer: return "the elements differ (order aside)"
        case .elementsMissing: return "does not contain every expected element"
        case .noAlternative: return "matches none of the alternatives"
        case .notJSON:
            if case .message = location { return "expected a JSON message" }
            return "the body is not JSON"
        case .nothingCaptured(let name): return "capture \(name) found nothing"
        case .unrenderable(let reason): return "cannot render the expectation: \(reason)"
        case .differentStatuses: return "the group's statuses differ (in any order)"
        case .handshakeRefused: return "the handshake was refused"
        case .handshakeAccepted: return "the handshake was accepted"
        case .notClosed: return "expected the server to close"
        case .wrongCloseCode: return "wrong close code"
        case .timedOut(let seconds): return "nothing arrived within \(PythonFloatText.short(seconds)) s"
        case .changedByAnotherUser: return "another user's request changed the owner's resource"
        case .unreadable(let reason):
            if case .ownerReadBack = location { return "the owner's read-back could not be made: \(reason)" }
            return "the list could not be read: \(reason)"
        case .leaked: return "the resource shows in another user's list"
        case .notReached(let byFirst): return "the \(byFirst ? "first" : "second") target never got this far"
        case .refusedValidValue: return "a valid value was refused"
        case .refusedValidCredential: return "a credential the contract accepts was refused"
        case .relationFails: return "the relation does not hold"
        case .outOfOrder: return "out of order (it should not come after the element before it)"
        case .schemaViolation(let reason): return "breaks the OpenAPI response schema: \(reason)"
        }
    }

    /// The expected side as a line of text; nil when the explanation says it all.
    public var expectedText: String? {
        guard let expected else { return nil }
        switch (kind, expected) {
        case (.notClosed, .value(let code)), (.wrongCloseCode, .value(let code)): return Self.closeText(code)
        case (.handshakeAccepted, .statuses(let statuses)): return "refused with " + statuses.map(String.init).joined(separator: " or ")
        case (_, .value(let value)): return JSONWriter.compact(value)
        case (_, .matcher(_, let summary)): return summary
        case (_, .statuses(let statuses)): return statuses.map(String.init).joined(separator: " or ")
        case (.unexpectedElement, .absent): return "no element"
        case (_, .absent):
            if case .body = location { return "no such key" }
            return "absent"
        }
    }

    /// The actual side as a line of text.
    public var actualText: String {
        guard let actual else { return "(nothing)" }
        if case .wrongCloseCode = kind { return Self.closeText(actual) }
        if case .string(let text) = actual, location == .rawBody || kind == .notJSON { return text }
        return JSONWriter.compact(actual)
    }

    static func closeText(_ code: JSONValue) -> String {
        if case .number(let number) = code { return "close \(number.text)" }
        return "close 1006 (no close frame)"
    }

    static let matcherFailure = [
        "$integer": "not an integer", "$number": "not a number", "$string": "not a string", "$boolean": "not a boolean",
        "$datetime": "not an RFC 3339 timestamp with a Z or an offset", "$jwt": "not a JWT", "$uuid": "not a UUID",
        "$regex": "does not match the pattern",
    ]

    static func typeName(_ value: JSONValue) -> String {
        if case .number = value { return "number" }
        return value.typeName
    }

    static func article(_ noun: String) -> String { "aeiou".contains(noun.prefix(1)) ? "an" : "a" }
}

extension StepError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .unreachable(let reason): return TargetError.unreachable(reason).description
        case .transport(let error): return error.description
        case .render(let reason): return "cannot build the request: \(reason)"
        case .provisioning(let actor, let step, let cause):
            return "provisioning actor \(actor) failed at \"\(step)\"" + (cause.map { ": \($0)" } ?? "")
        case .blocked(let step): return "blocked: the fixture fails at step \(step)"
        }
    }
}
