/// One result row, read eagerly so it outlives the statement.
public struct SQLiteRow: Sendable, Equatable {
    public let values: [SQLiteValue]

    public init(values: [SQLiteValue]) { self.values = values }

    public subscript(index: Int) -> SQLiteValue { index < values.count ? values[index] : .null }

    /// The column as an integer; REAL and NULL columns give nil rather than trapping.
    public func integer(_ index: Int) -> Int64? {
        if case .integer(let value) = self[index] { return value }
        return nil
    }

    public func double(_ index: Int) -> Double? {
        switch self[index] {
        case .real(let value): return value
        case .integer(let value): return Double(value)
        default: return nil
        }
    }

    public func text(_ index: Int) -> String? {
        if case .text(let value) = self[index] { return value }
        return nil
    }
}
