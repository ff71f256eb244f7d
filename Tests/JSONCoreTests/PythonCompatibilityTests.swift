import Foundation
import JSONCore
import Testing

/// Documents and floats run through CPython 3.11's json module (Vectors/generate.py): our parser must
/// accept, reject and re-serialise exactly as Python does, down to the error message and offset.
struct PythonCompatibilityTests {
    struct Document: Decodable, Sendable, CustomTestStringConvertible {
        struct Failure: Decodable, Sendable {
            let msg: String
            let pos: Int
            let line: Int
            let column: Int
        }
        let input: String
        let output: String?
        let error: Failure?
        let other: String?
        let unencodable: Bool?
        var bytes: [UInt8] { Array(Data(base64Encoded: input) ?? Data()) }
        /// The first bytes, with control characters and invalid UTF-8 escaped so the test log stays one line.
        var testDescription: String { String(decoding: bytes.prefix(40), as: UTF8.self).debugDescription }
    }

    struct FloatCase: Decodable, Sendable {
        let bits: UInt64
        let repr: String
    }

    struct Vectors: Decodable, Sendable {
        let documents: [Document]
        let floats: [FloatCase]
    }

    static let vectors: Vectors = {
        guard let url = Bundle.module.url(forResource: "Vectors/python-json", withExtension: "json"),
            let data = try? Data(contentsOf: url),
            let decoded = try? JSONDecoder().decode(Vectors.self, from: data)
        else { return Vectors(documents: [], floats: []) }
        return decoded
    }()

    @Test func vectorsAreLoaded() {
        #expect(Self.vectors.documents.count > 100)
        #expect(Self.vectors.floats.count > 400)
    }

    @Test(arguments: vectors.documents)
    func document(_ document: Document) {
        let result = Result { () throws(JSONParseError) -> JSONValue in try JSONParser.parse(bytes: document.bytes) }
        if let expected = document.output {
            #expect(throws: Never.self) { try result.get() }
            if case .success(let value) = result { #expect(JSONWriter.compact(value) == expected) }
        } else if let failure = document.error {
            guard case .failure(let error) = result else {
                Issue.record("parsed, but Python raised \(failure.msg) at \(failure.pos)")
                return
            }
            #expect(error.kind == .syntax)
            #expect(error.message == failure.msg)
            #expect(error.offset == failure.pos)
            #expect(error.line == failure.line)
            #expect(error.column == failure.column)
        } else if document.other != nil {
            // Python raised something other than JSONDecodeError (bad encoding, too many digits, depth).
            guard case .failure(let error) = result else {
                Issue.record("parsed, but Python raised \(document.other ?? "")")
                return
            }
            #expect(error.kind != .syntax)
        } else {
            // Python parsed it but cannot encode the result (a lone surrogate): parsing must still succeed.
            #expect(document.unencodable == true)
            #expect(throws: Never.self) { try result.get() }
        }
    }

    @Test func floatReprMatchesPython() {
        var mismatches: [String] = []
        for item in Self.vectors.floats {
            let value = Double(bitPattern: item.bits)
            let ours = PythonFloat.repr(value)
            if ours != item.repr { mismatches.append("\(item.repr) -> \(ours)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }
}
