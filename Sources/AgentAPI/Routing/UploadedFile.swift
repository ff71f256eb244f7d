import HTTPCore
import JSONCore

/// A form field's value as Starlette's `FormData` holds it: text, or a file (a multipart part with a `filename`).
enum FormValue: Sendable {
    case text(String)
    case file(UploadedFile)
}

/// Starlette's `UploadFile` for a multipart part with a `filename`: its data is spooled to a
/// `SpooledTemporaryFile` that stays in memory up to 1 MiB, and is rewound once the part ends.
///
/// The reference never reads the data; it only shows the file as the `input` of a 422, which FastAPI writes with
/// `jsonable_encoder`. That encoder has no rule for these objects, so it tries `dict(obj)` and then `vars(obj)`
/// on each, and `json` reproduces what that gives.
struct UploadedFile: Sendable {
    /// `SpooledTemporaryFile(max_size=1024 * 1024)`: above this, the data rolls over to a file on disk.
    static let spoolSize = 1024 * 1024

    let filename: String
    /// The part's headers, names lower-cased, as raw bytes.
    let headers: [(name: [UInt8], value: [UInt8])]
    var content: [UInt8] = []

    /// `jsonable_encoder(upload_file)`.
    ///
    /// `vars(upload_file)` gives `filename`, `file`, `size`, `headers` and `_max_mem_size`. The headers are
    /// encoded through `dict(Headers)`, so a repeated header name keeps its first value. For the file, `dict(file)`
    /// iterates its lines from the start. It succeeds, mapping each line's first byte to its second, only when every
    /// line is exactly two bytes long (an empty file gives `{}`). Otherwise it stops at the first line that is not,
    /// having consumed it, and `vars(file)` is encoded instead. That holds `_file`, an in-memory `BytesIO` or, after
    /// rollover, a disk file, which is encoded the same way from where the first attempt stopped (`{}` when that
    /// fails too), plus `_max_size`, `_rolled` and, until rollover, `_TemporaryFileArgs`.
    var json: JSONValue {
        var headerObject = JSONObject()
        for (name, value) in headers where !headerObject.contains(PercentDecoding.latin1(name)) {
            headerObject[PercentDecoding.latin1(name)] = .string(PercentDecoding.latin1(value))
        }
        return .object(
            JSONObject([
                ("filename", .string(filename)), ("file", spooledFile), ("size", .integer(content.count)),
                ("headers", .object(headerObject)), ("_max_mem_size", .integer(Self.spoolSize)),
            ]))
    }

    private var spooledFile: JSONValue {
        var position = 0
        if let pairs = linePairs(from: &position) { return .object(pairs) }
        let rolled = content.count > Self.spoolSize
        var members: [(String, JSONValue)] = [
            ("_file", .object(linePairs(from: &position) ?? JSONObject())), ("_max_size", .integer(Self.spoolSize)),
            ("_rolled", .bool(rolled)),
        ]
        if !rolled {
            let arguments: [(String, JSONValue)] = [
                ("mode", .string("w+b")), ("buffering", .integer(-1)), ("suffix", .null), ("prefix", .null), ("encoding", .null),
                ("newline", .null), ("dir", .null), ("errors", .null),
            ]
            members.append(("_TemporaryFileArgs", .object(JSONObject(arguments))))
        }
        return .object(JSONObject(members))
    }

    /// `dict(file)` from `position`: nil once a line is not two bytes long, with `position` past that line.
    private func linePairs(from position: inout Int) -> JSONObject? {
        var pairs = JSONObject()
        while position < content.count {
            let end = content[position...].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? content.count
            let line = content[position..<end]
            position = end
            guard line.count == 2, let key = line.first, let value = line.last else { return nil }
            pairs[String(key)] = .integer(Int(value))
        }
        return pairs
    }
}
