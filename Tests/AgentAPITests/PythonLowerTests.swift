import Testing

@testable import AgentAPI

/// Emails are lower-cased as Python's `str.lower()` does (the contract's `users.create.lower-case`), checked
/// against every mapping CPython 3.11 makes and its Final_Sigma contexts (Vectors/python-lower.json).
struct PythonLowerTests {
    struct Case: Decodable, Sendable {
        let input: [UInt32]
        let lower: [UInt32]
    }

    static let cases = loadVectors("python-lower", as: [Case].self)

    @Test func vectorsAreLoaded() {
        #expect(Self.cases.count > 1400)
    }

    @Test func everyMappingAndSigmaContextAgreesWithCPython() {
        var compared = 0
        for test in Self.cases {
            let scalars = test.input.compactMap(Unicode.Scalar.init)
            // Code points that Unicode 14 (CPython 3.11's) did not assign may map differently here.
            guard scalars.count == test.input.count,
                scalars.allSatisfy({ ($0.properties.age.map { $0.major < 14 || ($0.major == 14 && $0.minor == 0) }) ?? false })
            else { continue }
            let text = String(String.UnicodeScalarView(scalars))
            let lowered = PythonText.lower(text).unicodeScalars.map(\.value)
            #expect(lowered == test.lower, "lower(\(test.input.map { String($0, radix: 16) })) ")
            compared += 1
        }
        #expect(compared > 1400)
    }

    @Test(arguments: [("ΟΔΟΣ-1@EXAMPLE.COM", "οδος-1@example.com"), ("ΑΣ.Β@X.COM", "ασ.β@x.com"), ("ALICE@Example.COM", "alice@example.com")])
    func emails(_ input: String, _ expected: String) {
        #expect(PythonText.lower(input).unicodeScalars.elementsEqual(expected.unicodeScalars))
    }
}
