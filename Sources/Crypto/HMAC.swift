/// HMAC (RFC 2104) over any `HashFunction`; keyed once, reusable for many messages.
public struct HMAC<Hash: HashFunction>: Sendable {
    let inner: Hash
    let outer: Hash

    public init<Key: Sequence>(key: Key) where Key.Element == UInt8 {
        var keyBytes = Array(key)
        if keyBytes.count > Hash.blockSize { keyBytes = Hash.hash(keyBytes) }
        keyBytes += [UInt8](repeating: 0, count: Hash.blockSize - keyBytes.count)
        var inner = Hash()
        inner.update(keyBytes.map { $0 ^ 0x36 })
        var outer = Hash()
        outer.update(keyBytes.map { $0 ^ 0x5c })
        self.inner = inner
        self.outer = outer
    }

    /// The authentication code of `message` under this key.
    public func authenticationCode<Message: Sequence>(for message: Message) -> [UInt8]
    where Message.Element == UInt8 {
        var inner = self.inner
        inner.update(message)
        let innerDigest = inner.finalize()
        var outer = self.outer
        outer.update(innerDigest)
        return outer.finalize()
    }

    /// One-shot convenience.
    public static func authenticationCode<Key: Sequence, Message: Sequence>(
        key: Key, message: Message
    ) -> [UInt8] where Key.Element == UInt8, Message.Element == UInt8 {
        HMAC(key: key).authenticationCode(for: message)
    }
}
