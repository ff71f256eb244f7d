import Crypto
import Foundation
import HTTPCore
import JSONCore

/// Everything no output may show — passwords, tokens real or forged, the signing key — in every form it
/// may take there: as is, each part of a token, percent-, form- and JSON-encoded. Reports mask with it
/// before they shorten anything, so no cut can leave a piece of a secret behind.
public struct Secrets: Sendable, Equatable {
    /// What replaces a secret.
    public static let mask = "***"
    /// Shorter values are not secrets worth masking (and masking them would garble reports).
    static let shortest = 6

    public private(set) var values: Set<String> = []

    public init() {}

    public init(_ secrets: [String]) {
        for secret in secrets { add(secret) }
    }

    /// Adds a secret and the forms it takes: a JWT also adds its signing input and each segment.
    public mutating func add(_ secret: String) {
        guard secret.count >= Self.shortest else { return }
        insertForms(secret)
        let segments = secret.split(separator: ".", omittingEmptySubsequences: false)
        if segments.count == 3, segments.allSatisfy({ $0.unicodeScalars.allSatisfy(Self.isBase64URL) }) {
            insertForms(segments[0] + "." + segments[1])
            for segment in segments where segment.count >= Self.shortest { insertForms(String(segment)) }
        }
    }

    public mutating func add(_ other: Secrets) { values.formUnion(other.values) }

    /// The credential of every request: its bearer token, a `?token=` value, a password field.
    public mutating func add(sentIn request: HTTPRequest) {
        if let authorization = request.headers["authorization"] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            add(parts.count == 2 ? String(parts[1]) : authorization)
        }
        for (name, value) in PercentDecoding.parseQuery(request.rawQuery) where Self.isSecretName(name) { add(value) }
        let contentType = request.headers["content-type"]?.lowercased() ?? ""
        if contentType.hasPrefix("application/x-www-form-urlencoded") {
            for (name, value) in PercentDecoding.parseQuery(PercentDecoding.latin1(request.body)) where Self.isSecretName(name) { add(value) }
        } else if let body = try? JSONParser.parse(bytes: request.body) {
            addSecretFields(of: body)
        }
    }

    /// Tokens an answer hands out (`access_token` and the like).
    public mutating func add(receivedIn response: HTTPResponse) {
        guard let body = try? JSONParser.parse(bytes: response.body) else { return }
        addSecretFields(of: body)
    }

    private mutating func addSecretFields(of value: JSONValue) {
        switch value {
        case .object(let object):
            for (key, member) in object {
                if Self.isSecretName(key), case .string(let text) = member { add(text) } else { addSecretFields(of: member) }
            }
        case .array(let items): items.forEach { addSecretFields(of: $0) }
        default: break
        }
    }

    static func isSecretName(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return ["password", "token", "access_token", "refresh_token", "client_secret", "secret", "api_key"].contains(lowered)
    }

    private mutating func insertForms(_ secret: String) {
        values.insert(secret)
        values.insert(PercentDecoding.quote(secret))
        values.insert(PercentDecoding.quote(secret, keeping: [UInt8(ascii: " ")]).replacingOccurrences(of: " ", with: "+"))
        let json = JSONWriter.compact(.string(secret))
        values.insert(String(json.dropFirst().dropLast()))
    }

    private static func isBase64URL(_ scalar: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_"
    }

    /// `text` with every secret replaced by `***`, longest first.
    public func masked(_ text: String) -> String {
        guard !values.isEmpty else { return text }
        var result = text
        for secret in values.sorted(by: { $0.count > $1.count }) where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: Self.mask)
        }
        return result
    }

    /// `masked` for every string of a JSON value, keys included.
    public func masked(_ value: JSONValue) -> JSONValue {
        guard !values.isEmpty else { return value }
        switch value {
        case .string(let text): return .string(masked(text))
        case .array(let items): return .array(items.map(masked))
        case .object(let object): return .object(JSONObject(object.map { (masked($0.key), masked($0.value)) }))
        default: return value
        }
    }
}
