import Foundation
import MailTransport
import PanelCore
import PanelStore

/// A large message on its way in, never held whole in memory: its bytes go to a pack of
/// their own on disk as they arrive, and are read in the same pass (structure, headers
/// and text kept; large attachments only counted and hashed, see `MessageSkeleton`).
///
/// Used by one thread at a time: the IMAP connection's thread while the fetch runs, then
/// the poller once the fetch has returned. The lock orders those hand-overs; it is
/// `@unchecked` because the bytes arrive as a pointer, which the compiler cannot prove is
/// not kept (it is not: both the pack writer and the skeleton copy what they need).
final class MessageSpool: MessageByteSink, @unchecked Sendable {
    private let lock = NSLock()
    private let writer: RawMessageStore.OpenPack
    private var skeleton: MessageSkeletonBuilder
    private let makeBuilder: @Sendable () -> MessageSkeletonBuilder

    /// Creates the pack file (mode 0600). If the spool is dropped before `finish()`, the
    /// file is removed.
    init(store: RawMessageStore, builder: @escaping @Sendable () -> MessageSkeletonBuilder) throws {
        writer = try store.startPack()
        skeleton = builder()
        makeBuilder = builder
    }

    func restart() throws {
        try lock.withLock {
            try writer.restart()
            skeleton = makeBuilder()
        }
    }

    func receive(_ bytes: UnsafeRawBufferPointer) throws {
        try lock.withLock {
            try writer.append(bytes)
            skeleton.append(bytes)
        }
    }

    /// Makes the pack durable and gives where the message is and what was read of it.
    func finish() throws -> (raw: IncomingMessage.SpooledRaw, skeleton: MessageSkeleton) {
        try lock.withLock {
            let location = try writer.finish()
            let read = skeleton.finish()
            return (IncomingMessage.SpooledRaw(pack: location.pack, offset: location.offset, length: location.length), read)
        }
    }
}
