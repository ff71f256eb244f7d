import Foundation

/// Reads a JSON vector file bundled with this test target; an empty array when it is missing,
/// which the `…AreLoaded` tests then report.
func loadVectors<T: Decodable>(_ name: String, as type: [T].Type) -> [T] {
    guard let url = Bundle.module.url(forResource: "Vectors/\(name)", withExtension: "json"),
        let data = try? Data(contentsOf: url),
        let decoded = try? JSONDecoder().decode(type, from: data)
    else { return [] }
    return decoded
}
