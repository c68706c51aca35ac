import Foundation
import MailTransport
import PanelCore
import PanelStore

/// A large message on its way in, never held whole in memory: its bytes go to a pack of
/// their own on disk as they arrive, and are read as they arrive (structure, headers and
/// text kept; large attachments only counted and hashed, see `MessageSkeleton`).
///
/// Reading runs on a queue of its own, a block of bytes behind the writing: the IMAP
/// connection's thread only writes and hands on, so it goes back to the server while a
/// 25 MB attachment is decoded and hashed on the other core. At most `blocksInFlight`
/// blocks of `blockSize` wait to be read: the connection waits for room, so memory stays
/// bounded however fast the server sends.
///
/// Used by one thread at a time: the IMAP connection's thread while the fetch runs, then
/// the poller once the fetch has returned. The lock orders those hand-overs; it is
/// `@unchecked` because the bytes arrive as a pointer, which the compiler cannot prove is
/// not kept (it is not: the pack writer and the block copy what they need), and because
/// the builder is confined to `reading` by hand (every access is on that queue).
final class MessageSpool: MessageByteSink, @unchecked Sendable {
    private let lock = NSLock()
    private let writer: RawMessageStore.OpenPack
    /// Touched only on `reading`.
    private var skeleton: MessageSkeletonBuilder
    private let makeBuilder: @Sendable () -> MessageSkeletonBuilder
    private let reading = DispatchQueue(label: "panelmail.message-spool")
    private let room = DispatchSemaphore(value: MessageSpool.blocksInFlight)
    /// Bytes received and written, not yet handed to `reading`.
    private var block: [UInt8] = []

    static let blockSize = 128 << 10
    static let blocksInFlight = 2

    /// Creates the pack file (mode 0600). If the spool is dropped before `finish()`, the
    /// file is removed.
    init(store: RawMessageStore, builder: @escaping @Sendable () -> MessageSkeletonBuilder) throws {
        writer = try store.startPack()
        skeleton = builder()
        makeBuilder = builder
    }

    func restart() throws {
        try lock.withLock {
            block.removeAll(keepingCapacity: true)
            try writer.restart()
            reading.sync { skeleton = makeBuilder() }
        }
    }

    func receive(_ bytes: UnsafeRawBufferPointer) throws {
        try lock.withLock {
            try writer.append(bytes)
            if block.isEmpty { block.reserveCapacity(Self.blockSize + bytes.count) }
            block.append(contentsOf: bytes)
            if block.count >= Self.blockSize { handOn() }
        }
    }

    /// Gives the block to `reading`, once one of the blocks before it has been read.
    private func handOn() {
        guard !block.isEmpty else { return }
        let bytes = block
        block = []
        room.wait()
        reading.async { [self] in
            skeleton.append(bytes)
            room.signal()
        }
    }

    /// Makes the pack durable and gives where the message is and what was read of it.
    func finish() throws -> (raw: IncomingMessage.SpooledRaw, skeleton: MessageSkeleton) {
        try lock.withLock {
            let location = try writer.finish()
            handOn()
            let read = reading.sync { skeleton.finish() }
            return (IncomingMessage.SpooledRaw(pack: location.pack, offset: location.offset, length: location.length), read)
        }
    }
}
