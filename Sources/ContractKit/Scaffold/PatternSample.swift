/// A short string a regular expression is likely to match, built by walking the pattern: the first
/// alternative of each group, the first member of each class, each quantifier at its minimum (one for
/// `+`). `contract init` checks the result against the pattern before using it.
enum PatternSample {
    static func generate(_ pattern: String) -> String? {
        var scalars = Array(pattern.unicodeScalars)[...]
        var output = String.UnicodeScalarView()
        guard sequence(&scalars, into: &output, depth: 0) else { return nil }
        return String(output)
    }

    /// Reads up to the end of the current group (or the pattern), writing one sample of it.
    private static func sequence(_ input: inout ArraySlice<Unicode.Scalar>, into output: inout String.UnicodeScalarView, depth: Int) -> Bool {
        guard depth < 16 else { return false }
        while let scalar = input.first {
            switch scalar {
            case ")":
                return true
            case "|":
                // Only the first alternative is sampled: skip the rest of this group.
                skipAlternatives(&input)
                return true
            case "^", "$":
                input.removeFirst()
            default:
                var atom = String.UnicodeScalarView()
                guard readAtom(&input, into: &atom, depth: depth) else { return false }
                let (minimum, ok) = readQuantifier(&input)
                guard ok else { return false }
                for _ in 0..<minimum { output.append(contentsOf: atom) }
            }
        }
        return true
    }

    private static func readAtom(_ input: inout ArraySlice<Unicode.Scalar>, into atom: inout String.UnicodeScalarView, depth: Int) -> Bool {
        guard let scalar = input.popFirst() else { return false }
        switch scalar {
        case "(":
            if input.starts(with: "?:".unicodeScalars) { input.removeFirst(2) }
            guard sequence(&input, into: &atom, depth: depth + 1), input.popFirst() == ")" else { return false }
        case "[":
            var members: [Unicode.Scalar] = []
            var negated = false
            if input.first == "^" {
                negated = true
                input.removeFirst()
            }
            while let next = input.popFirst(), next != "]" {
                if next == "\\", let escaped = input.popFirst() {
                    members.append(escapedSample(escaped) ?? escaped)
                } else {
                    members.append(next)
                }
            }
            guard let first = members.first else { return false }
            // A negated class: a letter it does not exclude.
            atom.append(negated ? ("abcxyz".unicodeScalars.first { !members.contains($0) } ?? "q") : first)
        case "\\":
            guard let escaped = input.popFirst() else { return false }
            atom.append(escapedSample(escaped) ?? escaped)
        case ".":
            atom.append("x")
        case "*", "+", "?", "{":
            return false
        default:
            atom.append(scalar)
        }
        return true
    }

    /// How many times the atom before is written: `*` and `?` none, `+` once, `{n}` and `{n,m}` n times.
    private static func readQuantifier(_ input: inout ArraySlice<Unicode.Scalar>) -> (Int, Bool) {
        var minimum = 1
        switch input.first {
        case "*", "?":
            input.removeFirst()
            minimum = 0
        case "+":
            input.removeFirst()
        case "{":
            input.removeFirst()
            var digits = ""
            while let next = input.first, ("0"..."9").contains(next) {
                digits.unicodeScalars.append(next)
                input.removeFirst()
            }
            while let next = input.popFirst(), next != "}" {}
            guard let count = Int(digits), count <= 1000 else { return (0, false) }
            minimum = count
        default:
            break
        }
        if input.first == "?" || input.first == "+" { input.removeFirst() }  // lazy or possessive
        return (minimum, true)
    }

    private static func escapedSample(_ escaped: Unicode.Scalar) -> Unicode.Scalar? {
        switch escaped {
        case "d": return "1"
        case "w": return "a"
        case "s": return " "
        case "D", "W", "S": return "-"
        default: return nil
        }
    }

    private static func skipAlternatives(_ input: inout ArraySlice<Unicode.Scalar>) {
        var depth = 0
        while let scalar = input.first {
            if scalar == "\\" {
                input.removeFirst(min(2, input.count))
                continue
            }
            if scalar == "(" { depth += 1 }
            if scalar == ")" {
                if depth == 0 { return }
                depth -= 1
            }
            input.removeFirst()
        }
    }
}
