import Foundation
import HTTPCore
import JSONCore

extension FixtureExecution {
    /// Opens the socket, checks the handshake, then plays the step's messages in order.
    func conversation(_ step: WebSocketStep, scope: inout TemplateScope, authorization: String?) async -> StepOutcome {
        let started = Date()
        var transcript: [String] = []
        func outcome(_ request: HTTPRequest?, _ mismatches: [Mismatch], error: String? = nil) -> StepOutcome {
            StepOutcome(number: step.number, name: step.name, request: request, response: nil, expectedStatuses: nil,
                        mismatches: mismatches, error: error, seconds: Date().timeIntervalSince(started), transcript: transcript)
        }
        let request: HTTPRequest
        do {
            request = try RequestRendering.render(step.request, scope: scope, authorization: authorization)
        } catch {
            return outcome(nil, [], error: "cannot build the handshake: \(error.description)")
        }
        let session: any WebSocketSession
        do {
            session = try await target.openWebSocket(target: request.target, headers: request.headers)
            transcript.append("handshake accepted")
        } catch let refused as WebSocketRefused {
            transcript.append("handshake refused with \(refused.status)")
            if let expected = step.refused, expected != refused.status {
                return outcome(request, [Mismatch(path: "handshake", expected: "refused with \(expected)", actual: .integer(refused.status),
                                                  note: "refused with another status")])
            }
            return outcome(request, step.refused == nil
                ? [Mismatch(path: "handshake", expected: "accepted", actual: .integer(refused.status), note: "the handshake was refused")] : [])
        } catch {
            return outcome(request, [], error: "\(error)")
        }
        if let expected = step.refused {
            await session.close(code: WebSocketCloseCode.normal)
            return outcome(request, [Mismatch(path: "handshake", expected: "refused with \(expected)", actual: .string("accepted"),
                                              note: "the handshake was accepted")])
        }
        var isOpen = true
        for (index, action) in step.actions.enumerated() {
            let path = "message[\(index)]"
            do {
                switch action {
                case .sendText(let template):
                    let text = try scope.renderText(template)
                    transcript.append("→ \(text)")
                    try await session.send(text: text)
                case .sendJSON(let value):
                    let text = JSONWriter.compact(try scope.render(json: value))
                    transcript.append("→ \(text)")
                    try await session.send(text: text)
                case .sendBinary(let bytes):
                    transcript.append("→ (\(bytes.count) binary bytes)")
                    try await session.send(binary: bytes)
                case .receive(let matcher, let captures, let within):
                    let event = try await session.receive(timeout: within)
                    transcript.append("← \(Self.describe(event))")
                    guard case .text(let text) = event, let value = try? JSONParser.parse(text, options: .python) else {
                        if case .closed = event { isOpen = false }
                        return outcome(request, [Mismatch(path: path, expected: "a JSON text message", actual: .string(Self.describe(event)),
                                                          note: "expected a JSON message")])
                    }
                    let mismatches = JSONMatching(scope: scope).mismatches(matcher, value, at: path)
                    if !mismatches.isEmpty { return outcome(request, mismatches) }
                    for (name, source) in captures {
                        guard case .json(let jsonPath) = source, let captured = jsonPath.evaluate(value) else {
                            return outcome(request, [Mismatch(path: path, expected: "a value to capture as \(name)", actual: value,
                                                              note: "capture \(name) found nothing")])
                        }
                        scope.variables[name] = captured
                    }
                case .receiveText(let matcher, let within):
                    let event = try await session.receive(timeout: within)
                    transcript.append("← \(Self.describe(event))")
                    guard case .text(let text) = event else {
                        if case .closed = event { isOpen = false }
                        return outcome(request, [Mismatch(path: path, expected: "a text message", actual: .string(Self.describe(event)),
                                                          note: "expected a text message")])
                    }
                    let mismatches = JSONMatching(scope: scope).mismatches(matcher, .string(text), at: path)
                    if !mismatches.isEmpty { return outcome(request, mismatches) }
                case .closed(let code, let within):
                    let event = try await session.receive(timeout: within)
                    transcript.append("← \(Self.describe(event))")
                    guard case .closed(let actual, _) = event else {
                        return outcome(request, [Mismatch(path: path, expected: "close \(code.map(String.init) ?? "without a frame (1006)")",
                                                          actual: .string(Self.describe(event)), note: "expected the server to close")])
                    }
                    isOpen = false
                    if actual != code {
                        return outcome(request, [Mismatch(path: path, expected: "close \(code.map(String.init) ?? "1006 (no close frame)")",
                                                          actual: .string("close \(actual.map(String.init) ?? "1006 (no close frame)")"),
                                                          note: "wrong close code")])
                    }
                case .close(let code):
                    transcript.append("→ close \(code)")
                    await session.close(code: code)
                    isOpen = false
                }
            } catch let error as TargetError {
                if isOpen { await session.close(code: WebSocketCloseCode.normal) }
                if case .timedOut(let seconds) = error {
                    return outcome(request, [Mismatch(path: path, expected: Self.expectation(action), actual: nil,
                                                      note: "nothing arrived within \(PythonFloatText.short(seconds)) s")])
                }
                return outcome(request, [], error: "\(error)")
            } catch let error as TemplateScope.RenderError {
                if isOpen { await session.close(code: WebSocketCloseCode.normal) }
                return outcome(request, [], error: error.description)
            } catch {
                return outcome(request, [], error: "\(error)")
            }
        }
        if isOpen { await session.close(code: WebSocketCloseCode.normal) }
        return outcome(request, [])
    }

    static func describe(_ event: WebSocketEvent) -> String {
        switch event {
        case .text(let text): return text
        case .binary(let bytes): return "(\(bytes.count) binary bytes)"
        case .closed(let code, _): return "close \(code.map(String.init) ?? "1006 (no close frame)")"
        }
    }

    static func expectation(_ action: WebSocketAction) -> String {
        switch action {
        case .receive(let matcher, _, _), .receiveText(let matcher, _): return matcher.summary
        case .closed(let code, _): return "close \(code.map(String.init) ?? "1006")"
        default: return "nothing"
        }
    }
}
