/// A broken invariant inside the reference (never bad input): the request gets a bare 500.
struct InternalError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
