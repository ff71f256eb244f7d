import Foundation

/// Where each value of a parsed document starts, for messages of the form `file:line:column`.
public struct JSONLocations: Sendable {
    private let offsets: [String: Int]
    private let lineStarts: [Int]
    private let bytes: [UInt8]

    init(bytes: [UInt8], offsets: [String: Int]) {
        self.bytes = bytes
        self.offsets = offsets
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(index + 1) }
        lineStarts = starts
    }

    /// An empty table, for documents built in code.
    public init() { self.init(bytes: [], offsets: [:]) }

    /// The JSON Pointer (RFC 6901) of a path of keys and indexes.
    public static func pointer(_ path: [String]) -> String {
        var pointer = ""
        for component in path {
            pointer += "/"
            if component.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) {
                pointer += component.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
            } else {
                pointer += component
            }
        }
        return pointer
    }

    /// The 1-based line and column (in characters) where the value at `path` starts; the nearest
    /// recorded ancestor when the path itself was not recorded; nil for an empty table.
    public func location(of path: [String]) -> (line: Int, column: Int)? {
        var current = path
        while true {
            if let offset = offsets[Self.pointer(current)] { return lineAndColumn(offset) }
            if current.isEmpty { return nil }
            current.removeLast()
        }
    }

    private func lineAndColumn(_ offset: Int) -> (line: Int, column: Int) {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        let start = lineStarts[low]
        let characters = bytes[start..<min(offset, bytes.count)].filter { $0 & 0xC0 != 0x80 }.count
        return (low + 1, characters + 1)
    }
}
