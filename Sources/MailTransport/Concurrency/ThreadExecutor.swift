import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A serial executor that runs its jobs on one dedicated thread.
///
/// An actor that uses it as its `unownedExecutor` runs every isolated method there, so blocking
/// libcurl calls never occupy a thread of Swift's cooperative pool, and the actor itself
/// serialises them.
final class ThreadExecutor: SerialExecutor {
    private struct Queue {
        var jobs: [UnownedJob] = []
        var head = 0
        var stopped = false
    }

    private let queue = Mutex(Queue())
    private let wakeUp = DispatchSemaphore(value: 0)
    private let threadID = Atomic<UInt>(0)
    let name: String

    init(name: String) {
        self.name = name
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        let accepted = queue.withLock { state -> Bool in
            guard !state.stopped else { return false }
            state.jobs.append(unowned)
            return true
        }
        if accepted {
            wakeUp.signal()
        } else {
            // Stopped: the owner is gone, but a job must still run somewhere.
            DispatchQueue.global().async { [self] in unowned.runSynchronously(on: asUnownedSerialExecutor()) }
        }
    }

    /// Lets the thread finish once the queued jobs have run.
    func shutdown() {
        queue.withLock { $0.stopped = true }
        wakeUp.signal()
    }

    /// True on this executor's thread.
    var isCurrent: Bool { threadID.load(ordering: .acquiring) == Self.currentThreadID() }

    func checkIsolated() {
        precondition(isCurrent, "expected to run on the \(name) thread")
    }

    private func run() {
        threadID.store(Self.currentThreadID(), ordering: .releasing)
        while true {
            wakeUp.wait()
            let next = queue.withLock { state -> UnownedJob? in
                guard state.head < state.jobs.count else { return nil }
                let job = state.jobs[state.head]
                state.head += 1
                if state.head == state.jobs.count {
                    state.jobs.removeAll(keepingCapacity: true)
                    state.head = 0
                } else if state.head >= 1024 {
                    state.jobs.removeFirst(state.head)
                    state.head = 0
                }
                return job
            }
            guard let job = next else {
                // A wake-up without a job only comes from shutdown().
                if queue.withLock({ $0.stopped && $0.head >= $0.jobs.count }) { return }
                continue
            }
            job.runSynchronously(on: asUnownedSerialExecutor())
        }
    }

    private static func currentThreadID() -> UInt {
        #if canImport(Darwin)
        UInt(bitPattern: pthread_self())
        #else
        UInt(pthread_self())
        #endif
    }
}

/// Set from another thread to make a blocking wait give up.
final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    var isSet: Bool { flag.load(ordering: .relaxed) }
    func set() { flag.store(true, ordering: .relaxed) }
    func reset() { flag.store(false, ordering: .relaxed) }
}
