/// Comparisons whose running time does not depend on where two secrets differ.
public enum ConstantTime {
    /// True when both byte strings are equal; time depends only on their lengths.
    public static func equals<A: Collection, B: Collection>(_ lhs: A, _ rhs: B) -> Bool
    where A.Element == UInt8, B.Element == UInt8 {
        var difference = UInt8(truncatingIfNeeded: lhs.count ^ rhs.count)
        // Always walk the longer input so that a short guess does not finish early.
        let left = Array(lhs)
        let right = Array(rhs)
        let length = max(left.count, right.count)
        for index in 0..<length {
            let a = index < left.count ? left[index] : 0
            let b = index < right.count ? right[index] : 0
            difference |= a ^ b
        }
        return difference == 0 && left.count == right.count
    }
}
