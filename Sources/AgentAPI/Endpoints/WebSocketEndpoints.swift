import Foundation
import HTTPCore
import JSONCore

extension AgentAPI {
    /// The WebSocket entry point: the socket server and the in-process target both drive it with a channel.
    /// Nothing is sent before the handshake is accepted; a refusal reaches the client as HTTP 403.
    public func handleWebSocket(_ request: HTTPRequest, channel: any WebSocketChannel) async {
        let path = PercentDecoding.unquote(request.rawPath)
        guard let (route, parameters) = routes.webSocketRoute(path: path) else {
            // No WebSocket route: Starlette closes before accepting.
            await channel.refuse()
            return
        }
        await route.serve(self, parameters, RequestContext(request: request, pathParameters: parameters), channel)
    }

    /// `/api/v1/agents/ws/{agent_id}`: the source design's echo, `{"response": <text>}` per text message.
    func echo(_ agentID: String, channel: any WebSocketChannel) async {
        guard case .success = LaxCoercion.integer(.string(agentID)) else {
            await channel.refuse()  // a path that fails validation closes with 1008 before accepting
            return
        }
        await channel.accept()
        while let message = await channel.receive() {
            guard case .text(let text) = message else {
                // The source design calls receive_text(): a binary message raises, and the socket drops.
                await channel.abort()
                return
            }
            await channel.send(text: JSONWriter.compact(["response": .string(text)]))
        }
    }

    /// `/api/v1/agents/ws/executions/{execution_id}?token=…`: only the owner may watch; the current status,
    /// then every change until the terminal one; each JSON text message comes back as progress.
    func streamExecution(_ rawID: String, context: RequestContext, channel: any WebSocketChannel) async {
        guard case .success(let id) = LaxCoercion.integer(.string(rawID)), let token = context.queryValue("token"),
            let user = try? authenticate(HTTPRequest(method: .get, target: "/", headers: ["authorization": "Bearer " + token])),
            let key = id.int64
        else {
            await channel.refuse()
            return
        }
        let allowed: Bool
        do {
            allowed = try database.read { db -> Bool in
                guard let execution = try ExecutionTable.find(db, id: key),
                    let agent = try AgentTable.find(db, id: execution.agentID)
                else { return false }
                return policies.ownership.allows(.watchExecution, agent.createdByID, user.id)
            }
        } catch {
            allowed = false
        }
        guard allowed else {
            await channel.refuse()
            return
        }
        await channel.accept()
        let watcher = Task { await pushStatuses(of: key, to: channel) }
        while let message = await channel.receive() {
            guard case .text(let text) = message else {
                // receive_text() raises on a binary message, as on the echo socket: the connection drops.
                watcher.cancel()
                await channel.abort()
                return
            }
            guard let parsed = try? JSONParser.parse(text, options: .python) else {
                watcher.cancel()
                await channel.close(code: WebSocketCloseCode.unsupportedData, reason: "")
                return
            }
            guard !Self.holdsLoneSurrogate(parsed) else {
                // send_json cannot encode a lone surrogate as UTF-8: the handler fails and the connection drops.
                watcher.cancel()
                await channel.abort()
                return
            }
            let progress = JSONObject([("type", "progress"), ("data", parsed)])
            await channel.send(text: JSONWriter.compact(.object(progress)))
        }
        watcher.cancel()
    }

    /// Whether a parsed value holds a lone surrogate (`"\\ud800"`) anywhere, keys included.
    private static func holdsLoneSurrogate(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let text): return text.unicodeScalars.contains(JSONValue.loneSurrogateMarker)
        case .array(let items): return items.contains(where: holdsLoneSurrogate)
        case .object(let object):
            return object.contains { $0.key.unicodeScalars.contains(JSONValue.loneSurrogateMarker) || holdsLoneSurrogate($0.value) }
        default: return false
        }
    }

    /// Sends the current status, then each change, until the terminal status (statuses never go back).
    private func pushStatuses(of id: Int64, to channel: any WebSocketChannel) async {
        var sent: ExecutionStatus?
        while !Task.isCancelled {
            guard
                let execution = try? database.transaction({ db -> ExecutionRecord? in
                    guard let found = try ExecutionTable.find(db, id: id) else { return nil }
                    return try lifecycle.catchUp(db, found)
                })
            else { return }
            if sent == nil || execution.status > (sent ?? .pending) {
                sent = execution.status
                let message = JSONObject([
                    ("type", "status"), ("status", .string(execution.status.rawValue)),
                    ("execution_id", .integer(id)),
                ])
                await channel.send(text: JSONWriter.compact(.object(message)))
            }
            if execution.status.isTerminal { return }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
    }
}
