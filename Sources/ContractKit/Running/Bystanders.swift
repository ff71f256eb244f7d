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
            case .parallel, .webSocket:
                for request in step.requests { refusedOnly.subtract(RequestRendering.actorsReferenced(by: request, among: actors)) }
            }
        }
        return refusedOnly.intersection(used)
    }
}
