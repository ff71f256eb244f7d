import HTTPCore

/// Starlette 0.50.0's `MultiPartParser`: the fields of a `multipart/form-data` body, built from `MultipartParser`'s
/// events.
///
/// The boundary and the charset come from the Content-Type (`OptionsHeader`). Each part needs a Content-Disposition
/// with a `name`. A part with a `filename` is a file, and any other part is a text field. Names, file names and text
/// values are decoded with the charset, or as Latin-1 where that fails (`PythonCodec`). A part is added when it ends,
/// so a part cut off by the end of the body is dropped. Starlette's limits hold: at most 1,000 fields, at most 1,000
/// files, and at most 1 MiB in each text field.
struct MultipartForm: MultipartEvents {
    static let maximumFields = 1000
    static let maximumFiles = 1000
    static let maximumPartSize = 1024 * 1024

    /// Starlette's `MultipartPart`.
    private struct Part {
        var contentDisposition: [UInt8]?
        var name = ""
        var data: [UInt8] = []
        var file: UploadedFile?
        var headers: [(name: [UInt8], value: [UInt8])] = []
    }

    private let charset: PythonCodec
    private(set) var items: [(name: String, value: FormValue)] = []
    private var fieldCount = 0
    private var fileCount = 0
    private var headerName: [UInt8] = []
    private var headerValue: [UInt8] = []
    private var part = Part()

    private init(charset: PythonCodec) { self.charset = charset }

    /// The form's fields in body order, as `await request.form()` gives them; throws where Starlette raises.
    static func fields(_ body: [UInt8], contentType: OptionsHeader) throws(MultipartFailure) -> [(name: String, value: FormValue)] {
        let charset = contentType.options[Array("charset".utf8)].map(PercentDecoding.latin1) ?? "utf-8"
        guard let boundary = contentType.options[Array("boundary".utf8)] else { throw .refused("Missing boundary in multipart.") }
        let parser = try MultipartParser(boundary: boundary)
        var form = MultipartForm(charset: PythonCodec(name: charset))
        try parser.parse(body, into: &form)
        return form.items
    }

    private func decode(_ bytes: [UInt8]) throws(MultipartFailure) -> String {
        do {
            return try charset.decode(bytes)
        } catch {
            throw .unparsable
        }
    }

    mutating func partBegin() { part = Part() }

    mutating func partData(_ data: ArraySlice<UInt8>) throws(MultipartFailure) {
        if part.file != nil {
            part.file?.content += data
            return
        }
        guard part.data.count + data.count <= Self.maximumPartSize else {
            throw .refused("Part exceeded maximum size of \(Self.maximumPartSize / 1024)KB.")
        }
        part.data += data
    }

    mutating func partEnd() throws(MultipartFailure) {
        if let file = part.file {
            items.append((part.name, .file(file)))
        } else {
            items.append((part.name, .text(try decode(part.data))))
        }
    }

    mutating func headerField(_ data: ArraySlice<UInt8>) { headerName += data }

    mutating func headerValue(_ data: ArraySlice<UInt8>) { headerValue += data }

    mutating func headerEnd() {
        let name = headerName.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }
        if name == Array("content-disposition".utf8) { part.contentDisposition = headerValue }
        part.headers.append((name, headerValue))
        headerName = []
        headerValue = []
    }

    mutating func headersFinished() throws(MultipartFailure) {
        let disposition = OptionsHeader(part.contentDisposition)
        guard let name = disposition.options[Array("name".utf8)] else {
            throw .refused(#"The Content-Disposition header field "name" must be provided."#)
        }
        part.name = try decode(name)
        if let filename = disposition.options[Array("filename".utf8)] {
            fileCount += 1
            guard fileCount <= Self.maximumFiles else { throw .refused("Too many files. Maximum number of files is \(Self.maximumFiles).") }
            part.file = UploadedFile(filename: try decode(filename), headers: part.headers)
        } else {
            fieldCount += 1
            guard fieldCount <= Self.maximumFields else {
                throw .refused("Too many fields. Maximum number of fields is \(Self.maximumFields).")
            }
            part.file = nil
        }
    }

    mutating func end() {}
}
