import Foundation

/// Writes messages in HTTP/1.1 wire format. Header values are sent as Latin-1, one byte per character.
public enum HTTPSerializer {
    public static func request(_ request: HTTPRequest, host: String) -> [UInt8] {
        var head = "\(request.method.rawValue) \(request.target) HTTP/1.1\r\n"
        if !request.headers.contains("host") { head += "host: \(host)\r\n" }
        for (name, value) in request.headers { head += "\(name): \(value)\r\n" }
        let needsLength = !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method.rawValue)
        if needsLength && !request.headers.contains("content-length") && !request.headers.contains("transfer-encoding") {
            head += "content-length: \(request.body.count)\r\n"
        }
        head += "\r\n"
        return latin1Bytes(head) + request.body
    }

    /// A response; `date` is the IMF-fixdate value of the Date header, `includeBody` false for HEAD.
    public static func response(_ response: HTTPResponse, date: String?, includeBody: Bool = true, close: Bool = false) -> [UInt8] {
        var head = "HTTP/1.1 \(response.status) \(HTTPStatus.reasonPhrase(response.status))\r\n"
        if let date, !response.headers.contains("date") { head += "date: \(date)\r\n" }
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        let bodyless = response.status == 204 || response.status == 304 || (100..<200).contains(response.status)
        if !bodyless && !response.headers.contains("content-length") && !response.headers.contains("transfer-encoding") {
            head += "content-length: \(response.body.count)\r\n"
        }
        if close && !response.headers.contains("connection") { head += "connection: close\r\n" }
        head += "\r\n"
        return latin1Bytes(head) + (includeBody && !bodyless ? response.body : [])
    }

    /// Characters up to U+00FF as single bytes; anything beyond becomes `?` (never valid in a header).
    static func latin1Bytes(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { $0.value < 256 ? UInt8($0.value) : UInt8(ascii: "?") }
    }

    /// The IMF-fixdate form of the Date header (RFC 9110 §5.6.7).
    public static func httpDate(_ date: Date = Date()) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][Int(((days % 7) + 7) % 7)]
        let (year, month, day) = civil(days)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return
            "\(weekday), \(two(day)) \(months[Int(month - 1)]) \(year) \(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) GMT"
    }

    private static func civil(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
