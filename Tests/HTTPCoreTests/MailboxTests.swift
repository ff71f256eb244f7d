import HTTPCore
import Testing

/// The one mailbox behind every WebSocket channel: order, finish, time-outs and cancellation.
struct MailboxTests {
    @Test func elementsArriveInOrderThenNilAfterFinish() async {
        let mailbox = Mailbox<Int>()
        mailbox.push(1)
        mailbox.push(2)
        mailbox.finish()
        mailbox.push(3)
        #expect(await mailbox.next() == 1)
        #expect(await mailbox.next() == 2)
        #expect(await mailbox.next() == nil)
    }

    @Test func aWaitingReceiverGetsTheNextPush() async {
        let mailbox = Mailbox<String>()
        let receiver = Task { await mailbox.next() }
        try? await Task.sleep(nanoseconds: 20_000_000)
        mailbox.push("hello")
        #expect(await receiver.value == "hello")
    }

    @Test func aTimeOutEndsTheWaitWithNil() async {
        let mailbox = Mailbox<Int>()
        #expect(await mailbox.next(timeout: 0.05) == nil)
        mailbox.push(7)
        #expect(await mailbox.next(timeout: 5) == 7, "a wait that timed out does not eat a later element")
    }

    @Test func cancellingTheWaitingTaskEndsTheWait() async {
        let mailbox = Mailbox<Int>()
        let receiver = Task { await mailbox.next() }
        try? await Task.sleep(nanoseconds: 20_000_000)
        receiver.cancel()
        #expect(await receiver.value == nil)
        mailbox.push(9)
        #expect(await mailbox.next() == 9, "the cancelled wait left the element for the next receiver")
    }

    @Test func aTaskCancelledBeforeItWaitsDoesNotWait() async {
        let mailbox = Mailbox<Int>()
        let receiver = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await mailbox.next()
        }
        #expect(await receiver.value == nil)
    }
}
