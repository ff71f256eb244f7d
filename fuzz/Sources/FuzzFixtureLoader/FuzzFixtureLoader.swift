import ContractKit

/// Arbitrary bytes as a fixture file: loaded or refused with located issues, never a crash.
func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    switch FixtureLoader.load(bytes: bytes, file: "fuzz.json") {
    case .success(let fixture):
        precondition(!fixture.steps.isEmpty, "a fixture without steps was accepted")
    case .failure(let failure):
        precondition(!failure.issues.isEmpty, "a refusal without a reason")
        for issue in failure.issues { precondition(issue.description.hasPrefix("fuzz.json"), "an issue that does not name the file") }
    }
    return 0
}
