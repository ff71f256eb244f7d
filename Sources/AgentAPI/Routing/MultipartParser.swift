/// Why a multipart body was refused, in the two ways FastAPI answers.
enum MultipartFailure: Error, Equatable {
    /// python-multipart's `MultipartParseError` or `FormParserError`, or any other Python exception raised while
    /// reading: FastAPI's 400 "There was an error parsing the body".
    case unparsable
    /// Starlette's `MultiPartException`: a 400 whose detail is the message.
    case refused(String)
}

/// What `MultipartParser` reports as it reads, in its order: python-multipart's callbacks, without
/// `on_header_begin`, which Starlette does not set.
protocol MultipartEvents {
    mutating func partBegin()
    mutating func partData(_ data: ArraySlice<UInt8>) throws(MultipartFailure)
    mutating func partEnd() throws(MultipartFailure)
    mutating func headerField(_ data: ArraySlice<UInt8>)
    mutating func headerValue(_ data: ArraySlice<UInt8>)
    mutating func headerEnd()
    mutating func headersFinished() throws(MultipartFailure)
    mutating func end()
}

/// python-multipart 0.0.34's `MultipartParser` state machine, fed the whole body as one chunk followed by the
/// empty chunk that ends Starlette's request stream (which changes nothing), as uvicorn hands over a body that
/// arrives in one read.
///
/// What it accepts, as python-multipart does: leading CR and LF bytes before the first boundary are skipped up to the
/// first `-`, but any other preamble is an error; every line must end in CRLF; header names must be RFC 7230 tokens
/// and at most 8 headers of at most 4,224 bytes each are allowed per part; only spaces are skipped before a header
/// value; a boundary line may be padded with spaces and tabs; the closing boundary needs only its `--` and anything
/// after it is ignored. A body that stops before its closing boundary is not an error: the unfinished part's data is
/// reported, but the part never ends.
struct MultipartParser {
    static let maximumBoundaryLength = 256
    static let maximumHeaderCount = 8
    static let maximumHeaderSize = 4096 + 128

    /// `\r\n--` and the boundary: the delimiter that ends a part's data.
    private let delimiter: [UInt8]

    init(boundary: [UInt8]) throws(MultipartFailure) {
        guard boundary.count <= Self.maximumBoundaryLength else { throw .unparsable }
        delimiter = Array("\r\n--".utf8) + boundary
    }

    private enum State {
        case start, startBoundary, headerFieldStart, headerField, headerValueStart, headerValue
        case headerValueAlmostDone, headersAlmostDone, partData, endBoundary, end, boundaryPadding
    }

    private enum Mark { case headerField, headerValue, partData }

    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")
    private static let hyphen = UInt8(ascii: "-")
    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")
    private static let crlf: [UInt8] = [cr, lf]
    private static let tokenBytes = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~".utf8)

    /// Reads `data`, reporting each event as python-multipart calls back; throws where it raises.
    func parse<Events: MultipartEvents>(_ data: [UInt8], into events: inout Events) throws(MultipartFailure) {
        let length = data.count
        let boundaryLength = delimiter.count
        var state = State.start
        var index = 0
        var partBoundary = false
        var lastBoundary = false
        var headerCount = 0
        var headerSize = 0
        var marks: [Mark: Int] = [:]

        func advanceHeaderSize(_ amount: Int = 1) throws(MultipartFailure) {
            headerSize += amount
            guard headerSize <= Self.maximumHeaderSize else { throw .unparsable }
        }

        /// Reports the data from `mark` up to `end`; with `remaining`, the mark is kept (rebased for a next
        /// chunk that never comes) instead of removed.
        func dataCallback(_ mark: Mark, _ end: Int, remaining: Bool = false) throws(MultipartFailure) {
            guard let marked = marks[mark] else { return }
            if end > marked, marked >= 0, end <= length {
                let slice = data[marked..<end]
                switch mark {
                case .headerField: events.headerField(slice)
                case .headerValue: events.headerValue(slice)
                case .partData: try events.partData(slice)
                }
            }
            marks[mark] = remaining ? end - length : nil
        }

        func beginNextPart() throws(MultipartFailure) {
            try events.partEnd()
            events.partBegin()
            headerCount = 0
            headerSize = 0
        }

        var i = 0
        scan: while i < length {
            var c = data[i]
            switch state {
            case .start:
                // Leading newlines are skipped, up to the next `-` wherever it is.
                if c == Self.cr || c == Self.lf {
                    guard let hyphen = data[i...].firstIndex(of: Self.hyphen) else { break scan }
                    i = hyphen
                    continue scan
                }
                index = 0
                state = .startBoundary
                i -= 1

            case .startBoundary:
                if index == 0 && data[i...].starts(with: delimiter[2...]) {
                    index = boundaryLength - 2
                    i += index
                    continue scan
                }
                if index == boundaryLength - 2 {
                    if c == Self.hyphen {
                        state = .endBoundary
                    } else if c != Self.cr {
                        throw .unparsable
                    }
                    index += 1
                } else if index == boundaryLength - 1 {
                    guard c == Self.lf else { throw .unparsable }
                    index = 0
                    events.partBegin()
                    headerCount = 0
                    headerSize = 0
                    state = .headerFieldStart
                } else {
                    guard c == delimiter[index + 2] else { throw .unparsable }
                    index += 1
                }

            case .headerFieldStart:
                if data[i...].starts(with: Self.crlf) {
                    try events.headersFinished()
                    marks[.partData] = i + 2
                    index = 0
                    state = .partData
                    i += 2
                    continue scan
                }
                index = 0
                if c != Self.cr {
                    headerCount += 1
                    guard headerCount <= Self.maximumHeaderCount else { throw .unparsable }
                    headerSize = 0
                }
                marks[.headerField] = i
                state = .headerField
                i -= 1

            case .headerField:
                if c == Self.cr && index == 0 {
                    marks[.headerField] = nil
                    state = .headersAlmostDone
                    i += 1
                    continue scan
                }
                let colon = data[i...].firstIndex(of: UInt8(ascii: ":"))
                let end = colon ?? length
                try advanceHeaderSize(colon == nil ? end - i : end - i + 1)
                guard data[i..<end].allSatisfy(Self.tokenBytes.contains) else { throw .unparsable }
                index += end - i
                guard let colon else {
                    i = length
                    continue scan
                }
                guard index > 0 else { throw .unparsable }
                i = colon
                try dataCallback(.headerField, i)
                state = .headerValueStart

            case .headerValueStart:
                if c == Self.space {
                    try advanceHeaderSize()
                    i += 1
                    continue scan
                }
                marks[.headerValue] = i
                state = .headerValue
                i -= 1

            case .headerValue:
                let carriageReturn = data[i...].firstIndex(of: Self.cr)
                try advanceHeaderSize((carriageReturn ?? length) - i)
                guard let carriageReturn else {
                    i = length
                    continue scan
                }
                i = carriageReturn
                try dataCallback(.headerValue, i)
                events.headerEnd()
                headerSize = 0
                if data[carriageReturn...].starts(with: Self.crlf) {
                    i += 1
                    state = .headerFieldStart
                } else {
                    state = .headerValueAlmostDone
                }

            case .headerValueAlmostDone:
                guard c == Self.lf else { throw .unparsable }
                state = .headerFieldStart

            case .headersAlmostDone:
                guard c == Self.lf else { throw .unparsable }
                try events.headersFinished()
                marks[.partData] = i + 1
                state = .partData

            case .partData:
                let previousIndex = index
                if index == 0 {
                    guard let found = Self.firstIndex(of: delimiter, in: data, from: i) else {
                        // No whole delimiter: the tail may hold the start of one, which a next chunk would finish.
                        let tail = data[max(i, length - boundaryLength + 1)..<length]
                        if let candidate = tail.lastIndex(of: Self.cr), delimiter.starts(with: data[candidate...]) {
                            index = length - candidate
                        }
                        i = length
                        continue scan
                    }
                    let after = found + boundaryLength
                    if data[after...].starts(with: Self.crlf) {
                        try dataCallback(.partData, found)
                        try beginNextPart()
                        state = .headerFieldStart
                        i = after + 2
                        continue scan
                    }
                    index = boundaryLength - 1
                    i = found + boundaryLength - 1
                    c = data[i]
                }

                if index < boundaryLength {
                    index = delimiter[index] == c ? index + 1 : 0
                } else if index == boundaryLength {
                    index += 1
                    if c == Self.cr {
                        partBoundary = true
                    } else if c == Self.hyphen {
                        lastBoundary = true
                    } else if c == Self.space || c == Self.tab {
                        // RFC 2046 forbids a line of part data that starts with the boundary: this is padding.
                        try dataCallback(.partData, i - boundaryLength)
                        marks[.partData] = nil
                        index = 0
                        state = .boundaryPadding
                    } else {
                        index = 0
                    }
                } else if index == boundaryLength + 1 {
                    if partBoundary {
                        if c == Self.lf {
                            partBoundary = false
                            try dataCallback(.partData, i - index)
                            try beginNextPart()
                            index = 0
                            state = .headerFieldStart
                            i += 1
                            continue scan
                        }
                        index = 0
                        partBoundary = false
                    } else if lastBoundary {
                        if c == Self.hyphen {
                            try dataCallback(.partData, i - index)
                            try events.partEnd()
                            events.end()
                            state = .end
                        } else {
                            index = 0
                        }
                    }
                }
                // A delimiter that stopped matching: look at this byte again, as it may start the real one.
                if index == 0 && previousIndex > 0 { i -= 1 }

            case .boundaryPadding:
                if index == 0 && c == Self.cr {
                    index = 1
                } else if index == 1 && c == Self.lf {
                    try beginNextPart()
                    index = 0
                    state = .headerFieldStart
                } else if index == 1 || (c != Self.space && c != Self.tab) {
                    throw .unparsable
                }

            case .endBoundary:
                if index == boundaryLength - 1 {
                    guard c == Self.hyphen else { throw .unparsable }
                    index += 1
                    events.end()
                    state = .end
                }

            case .end:
                // The epilogue after the closing boundary is ignored.
                break scan
            }
            i += 1
        }

        // What was read of an unfinished header or part is reported; nothing ever ends it.
        try dataCallback(.headerField, length, remaining: true)
        try dataCallback(.headerValue, length, remaining: true)
        try dataCallback(.partData, length - index, remaining: true)
    }

    /// `data.find(needle, start)`: the first occurrence at or after `start`.
    private static func firstIndex(of needle: [UInt8], in data: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first else { return start }
        var index = start
        while index + needle.count <= data.count {
            guard let candidate = data[index...].firstIndex(of: first), candidate + needle.count <= data.count else { return nil }
            if data[candidate..<candidate + needle.count].elementsEqual(needle) { return candidate }
            index = candidate + 1
        }
        return nil
    }
}
