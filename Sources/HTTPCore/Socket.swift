import Foundation
import Locking

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure of the operating system's socket calls, with the call that failed and errno's text.
public struct SocketError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case connectionRefused, timedOut, connectionReset, hostNotFound, closed, other
    }
    public let kind: Kind
    public let call: String
    public let code: Int32

    public init(kind: Kind, call: String, code: Int32 = 0) {
        self.kind = kind
        self.call = call
        self.code = code
    }

    static func fromErrno(_ call: String, _ code: Int32 = errno) -> SocketError {
        let kind: Kind
        switch code {
        case ECONNREFUSED: kind = .connectionRefused
        case ETIMEDOUT, EAGAIN: kind = .timedOut
        case ECONNRESET, EPIPE: kind = .connectionReset
        default: kind = .other
        }
        return SocketError(kind: kind, call: call, code: code)
    }

    public var description: String {
        switch kind {
        case .connectionRefused: return "connection refused"
        case .timedOut: return "timed out"
        case .connectionReset: return "connection reset by peer"
        case .hostNotFound: return "host not found"
        case .closed: return "connection closed by peer"
        case .other: return "\(call) failed: \(String(cString: strerror(code)))"
        }
    }
}

/// A connected TCP socket with blocking calls bounded by a deadline (poll before every read and write).
public final class TCPSocket: Sendable {
    public let descriptor: Int32
    private let isClosed = Locked(false)

    public init(descriptor: Int32) {
        self.descriptor = descriptor
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        #if canImport(Darwin)
        setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
    }

    deinit { close() }

    /// Connects to `host:port` (IPv4 or IPv6, as getaddrinfo resolves it) within `timeout` seconds.
    public static func connect(host: String, port: Int, timeout: Double) throws -> TCPSocket {
        try withTCPAddresses(host: host, port: port) { first in try connect(first, timeout: timeout) }
    }

    private static func connect(_ first: UnsafeMutablePointer<addrinfo>, timeout: Double) throws -> TCPSocket {
        var lastError = SocketError(kind: .connectionRefused, call: "connect")
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            candidate = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            guard fd >= 0 else {
                lastError = .fromErrno("socket")
                continue
            }
            let flags = fcntl(fd, F_GETFL, 0)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
            let code = systemConnect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen)
            if code != 0 && errno != EINPROGRESS {
                lastError = .fromErrno("connect")
                _ = systemClose(fd)
                continue
            }
            if code != 0 {
                var pollfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                let ready = pollRetrying(&pollfd, timeout: timeout)
                var socketError: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &length)
                if ready <= 0 || socketError != 0 {
                    lastError = ready == 0 ? SocketError(kind: .timedOut, call: "connect") : .fromErrno("connect", socketError)
                    _ = systemClose(fd)
                    continue
                }
            }
            _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK)
            return TCPSocket(descriptor: fd)
        }
        throw lastError
    }

    /// Writes every byte or throws; `deadline` is absolute (seconds since the epoch).
    public func write(_ bytes: [UInt8], deadline: Double) throws {
        var offset = 0
        while offset < bytes.count {
            try wait(for: Int16(POLLOUT), deadline: deadline)
            let written = bytes[offset...].withUnsafeBytes { buffer in
                send(descriptor, buffer.baseAddress, buffer.count, Int32(noSignalFlag))
            }
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw SocketError.fromErrno("send")
            }
            offset += written
        }
    }

    /// Reads what is available (at most `maximum` bytes); an empty result means the peer closed.
    public func read(maximum: Int = 65_536, deadline: Double) throws -> [UInt8] {
        while true {
            try wait(for: Int16(POLLIN), deadline: deadline)
            var buffer = [UInt8](repeating: 0, count: maximum)
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, maximum, 0) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw SocketError.fromErrno("recv")
            }
            buffer.removeSubrange(count...)
            return buffer
        }
    }

    /// True when the peer has closed or sent unexpected bytes on an idle connection (it cannot be reused).
    public var isStale: Bool {
        var pollfd = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&pollfd, 1, 0) != 0
    }

    /// Closes the descriptor once, whichever thread asks first.
    public func close() {
        let wasOpen = isClosed.withLock { closed in
            defer { closed = true }
            return !closed
        }
        if wasOpen { _ = systemClose(descriptor) }
    }

    private func wait(for events: Int16, deadline: Double) throws {
        var pollfd = pollfd(fd: descriptor, events: events, revents: 0)
        let remaining = deadline - Date().timeIntervalSince1970
        guard remaining > 0 else { throw SocketError(kind: .timedOut, call: "poll") }
        let ready = Self.pollRetrying(&pollfd, timeout: remaining)
        if ready == 0 { throw SocketError(kind: .timedOut, call: "poll") }
        if ready < 0 { throw SocketError.fromErrno("poll") }
    }

    /// `poll(2)` on one descriptor, restarted after EINTR with the time that is left.
    static func pollRetrying(_ pollfd: inout pollfd, timeout: Double) -> Int32 {
        let deadline = Date().timeIntervalSince1970 + timeout
        while true {
            let remaining = max(0, deadline - Date().timeIntervalSince1970)
            let result = poll(&pollfd, 1, Int32(min(remaining * 1000, Double(Int32.max))))
            if result < 0 && errno == EINTR { continue }
            return result
        }
    }
}

#if canImport(Glibc)
let noSignalFlag = Int32(MSG_NOSIGNAL)
#else
let noSignalFlag: Int32 = 0
#endif

@inline(__always) func systemConnect(_ fd: Int32, _ address: UnsafePointer<sockaddr>?, _ length: socklen_t) -> Int32 {
    connect(fd, address, length)
}

@inline(__always) func systemClose(_ fd: Int32) -> Int32 {
    close(fd)
}

@inline(__always) func systemBind(_ fd: Int32, _ address: UnsafePointer<sockaddr>?, _ length: socklen_t) -> Int32 {
    bind(fd, address, length)
}

@inline(__always) func systemAccept(_ fd: Int32) -> Int32 {
    accept(fd, nil, nil)
}

@inline(__always) func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

@inline(__always) func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    send(fd, buffer, count, Int32(noSignalFlag))
}

/// Runs `body` on the stream-socket addresses getaddrinfo gives for `host:port` (IPv4 or IPv6; `passive`
/// for a listener), freeing them afterwards.
func withTCPAddresses<T>(
    host: String, port: Int, passive: Bool = false,
    _ body: (UnsafeMutablePointer<addrinfo>) throws -> T
) throws -> T {
    var hints = addrinfo()
    hints.ai_family = AF_UNSPEC
    if passive { hints.ai_flags = AI_PASSIVE }
    #if canImport(Glibc)
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    #else
    hints.ai_socktype = SOCK_STREAM
    #endif
    var result: UnsafeMutablePointer<addrinfo>?
    guard getaddrinfo(host, String(port), &hints, &result) == 0, let first = result else {
        throw SocketError(kind: .hostNotFound, call: "getaddrinfo")
    }
    defer { freeaddrinfo(first) }
    return try body(first)
}
