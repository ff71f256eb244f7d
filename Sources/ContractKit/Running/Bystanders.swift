extension Fixture {
    /// The actors whose every request the fixture expects to be refused with a 4xx: on a target that keeps
    /// the contract they neither change nor read what their account holds, so they need no account of their
    /// own. A run lends each such actor name one account for all its fixtures (a bystander). An actor in a
    /// parallel group or on a WebSocket is never one (what it sees may depend on its account).
    public var bystanders: Set<String> {
        var refusedOnly = Set(actors)
        var used = Set<String>()
        for step in steps {
            switch step {
            case .request(let single):
                let names = RequestRendering.actorsReferenced(by: single, among: actors)
                used.formUnion(names)
                let statuses = single.expectation?.statuses ?? []
                if statuses.isEmpty || !statuses.allSatisfy({ (400..<500).contains($0) }) { refusedOnly.subtract(names) }
            case .parallel(let group):
                for member in group.members { refusedOnly.subtract(RequestRendering.actorsReferenced(by: member, among: actors)) }
            case .webSocket(let socket):
                let handshake = RequestStep(
                    number: socket.number, name: socket.name, actor: socket.actor, request: socket.request, expectation: nil,
                    captures: [], line: socket.line)
                refusedOnly.subtract(RequestRendering.actorsReferenced(by: handshake, among: actors))
            }
        }
        return refusedOnly.intersection(used)
    }
}
