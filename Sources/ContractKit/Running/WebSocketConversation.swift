import Foundation
import HTTPCore
import JSONCore

extension FixtureExecution {
    /// Opens the socket, checks the handshake, then plays the step's messages in order.
    func conversation(_ step: WebSocketStep, scope: inout TemplateScope, authorization: String?) async -> StepOutcome {
        let started = Date()
        var outcome = StepOutcome(number: step.number, name: step.name)
        func finished(_ mismatches: [Mismatch] = [], error: StepError? = nil) -> StepOutcome {
            outcome.mismatches = mismatches
            outcome.error = error
            outcome.seconds = Date().timeIntervalSince(started)
            return outcome
        }
        let request: HTTPRequest
        do {
            request = try RequestRendering.render(step.request, scope: scope, authorization: authorization)
        } catch {
            return finished(error: .render(error.description))
        }
        outcome.request = request
        let session: any WebSocketSession
        do {
            session = try await target.openWebSocket(target: request.target, headers: request.headers)
            outcome.transcript.append("handshake accepted")
        } catch let refused as WebSocketRefused {
            outcome.transcript.append("handshake refused with \(refused.status)")
            guard let expected = step.refused else {
                return finished([Mismatch(.handshake, .handshakeRefused, expected: nil, actual: .integer(refused.status))])
            }
            guard expected == refused.status else {
                return finished([Mismatch(.handshake, .wrongStatus, expected: .statuses([expected]), actual: .integer(refused.status))])
            }
            return finished()
        } catch {
            return finished(error: StepError.from(error))
        }
        if let expected = step.refused {
            await session.close(code: WebSocketCloseCode.normal)
            return finished([Mismatch(.handshake, .handshakeAccepted, expected: .statuses([expected]), actual: nil)])
        }
        var isOpen = true
        for (index, action) in step.actions.enumerated() {
            let location = { (path: JSONPath) in Mismatch.Location.message(index, path) }
            do {
                switch action {
                case .sendText(let template):
                    let text = try scope.renderText(template)
                    outcome.transcript.append("→ \(text)")
                    try await session.send(text: text)
                case .sendJSON(let value):
                    let text = JSONWriter.compact(try scope.render(json: value))
                    outcome.transcript.append("→ \(text)")
                    try await session.send(text: text)
                case .sendBinary(let bytes):
                    outcome.transcript.append("→ (\(bytes.count) binary bytes)")
                    try await session.send(binary: bytes)
                case .receive(let matcher, let captures, let within):
                    let event = try await session.receive(timeout: within)
                    outcome.transcript.append("← \(Self.describe(event))")
                    guard case .text(let text) = event, let value = try? JSONParser.parse(text, options: .python) else {
                        if case .closed = event { isOpen = false }
                        return finished([Mismatch(location(.root), .notJSON, expected: matcher.expected, actual: .string(Self.describe(event)))])
                    }
                    let mismatches = JSONMatching(scope: scope).mismatches(matcher, value, location: location)
                    if !mismatches.isEmpty { return finished(mismatches) }
                    for (name, source) in captures {
                        guard case .json(let jsonPath) = source, let captured = jsonPath.evaluate(value) else {
                            return finished([Mismatch(.capture(name), .nothingCaptured(name: name), expected: nil, actual: value)])
                        }
                        scope.variables[name] = captured
                    }
                case .receiveText(let matcher, let within):
                    let event = try await session.receive(timeout: within)
                    outcome.transcript.append("← \(Self.describe(event))")
                    guard case .text(let text) = event else {
                        if case .closed = event { isOpen = false }
                        return finished([
                            Mismatch(
                                location(.root), .wrongType(expected: "text message"), expected: matcher.expected,
                                actual: .string(Self.describe(event)))
                        ])
                    }
                    let mismatches = JSONMatching(scope: scope).mismatches(matcher, .string(text), location: location)
                    if !mismatches.isEmpty { return finished(mismatches) }
                case .closed(let codes, let within):
                    let event = try await session.receive(timeout: within)
                    outcome.transcript.append("← \(Self.describe(event))")
                    guard case .closed(let actual, _) = event else {
                        return finished([
                            Mismatch(location(.root), .notClosed, expected: Self.closeCodes(codes), actual: .string(Self.describe(event)))
                        ])
                    }
                    isOpen = false
                    if !codes.contains(actual) {
                        return finished([Mismatch(location(.root), .wrongCloseCode, expected: Self.closeCodes(codes), actual: Self.closeCode(actual))]
                        )
                    }
                case .close(let code):
                    outcome.transcript.append("→ close \(code)")
                    await session.close(code: code)
                    isOpen = false
                }
            } catch {
                if isOpen { await session.close(code: WebSocketCloseCode.normal) }
                if case TargetError.timedOut(let seconds) = error {
                    return finished([Mismatch(location(.root), .timedOut(seconds: seconds), expected: Self.expectation(action), actual: nil)])
                }
                if let error = error as? TemplateScope.RenderError { return finished(error: .render(error.description)) }
                return finished(error: StepError.from(error))
            }
        }
        if isOpen { await session.close(code: WebSocketCloseCode.normal) }
        return finished()
    }

    static func describe(_ event: WebSocketEvent) -> String {
        switch event {
        case .text(let text): return text
        case .binary(let bytes): return "(\(bytes.count) binary bytes)"
        case .closed(let code, _): return "close \(code.map(String.init) ?? "1006 (no close frame)")"
        }
    }

    /// A close code as data: the number, or null for a connection dropped without a close frame (1006).
    static func closeCode(_ code: UInt16?) -> JSONValue { code.map { .integer(Int64($0)) } ?? .null }

    /// The close codes a step allows, as an expectation.
    static func closeCodes(_ codes: [UInt16?]) -> Mismatch.Expected {
        codes.count == 1
            ? .value(closeCode(codes[0])) : .matcher(.array(codes.map(closeCode)), summary: codes.map { closeText($0) }.joined(separator: " or "))
    }

    static func closeText(_ code: UInt16?) -> String { "close \(code.map(String.init) ?? "1006 (no close frame)")" }

    static func expectation(_ action: WebSocketAction) -> Mismatch.Expected? {
        switch action {
        case .receive(let matcher, _, _), .receiveText(let matcher, _): return matcher.expected
        case .closed(let codes, _): return closeCodes(codes)
        default: return nil
        }
    }
}
