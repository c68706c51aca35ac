import Logging
import Synchronization
import Testing

@testable import MailTransport

/// An actor on a `ThreadExecutor`, to check where its work runs.
private actor Pinned {
    let executor = ThreadExecutor(name: "test")
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    var counter = 0

    func increment() -> Bool {
        counter += 1
        return executor.isCurrent
    }

    deinit { executor.shutdown() }
}

@Suite("Thread executor")
struct ThreadExecutorTests {
    @Test func actorWorkRunsOnTheDedicatedThreadInOrder() async {
        let pinned = Pinned()
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<200 { group.addTask { await pinned.increment() } }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 200)
        #expect(results.allSatisfy { $0 })
        #expect(await pinned.counter == 200)
        #expect(!pinned.executor.isCurrent)
    }

    @Test func hopCost() async {
        let pinned = Pinned()
        _ = await pinned.increment()
        let started = ContinuousClock.now
        for _ in 0..<10_000 { _ = await pinned.increment() }
        print("ThreadExecutor: actor call round trip \((ContinuousClock.now - started) / 10_000)")
    }
}
