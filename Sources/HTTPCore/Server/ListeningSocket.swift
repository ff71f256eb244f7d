import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A non-blocking listening TCP socket.
struct ListeningSocket {
    let descriptor: Int32
    let port: Int

    static func bind(host: String, port: Int, backlog: Int32 = 1024) throws -> ListeningSocket {
        let fd = try withTCPAddresses(host: host, port: port, passive: true) { info in
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            guard fd >= 0 else { throw SocketError.fromErrno("socket") }
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            guard systemBind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
                let error = SocketError.fromErrno("bind")
                _ = systemClose(fd)
                throw error
            }
            return fd
        }
        guard listen(fd, backlog) == 0 else {
            let error = SocketError.fromErrno("listen")
            _ = systemClose(fd)
            throw error
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK)
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        var actualPort = port
        if bound == 0 {
            if Int32(address.ss_family) == AF_INET {
                actualPort = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
                }
            } else if Int32(address.ss_family) == AF_INET6 {
                actualPort = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
                }
            }
        }
        return ListeningSocket(descriptor: fd, port: actualPort)
    }

    /// Accepts one pending connection as a non-blocking descriptor; nil when none is waiting.
    func accept() -> Int32? {
        while true {
            let fd = systemAccept(descriptor)
            if fd >= 0 {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK)
                var one: Int32 = 1
                setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                return fd
            }
            if errno == EINTR || errno == ECONNABORTED { continue }
            return nil
        }
    }
}
