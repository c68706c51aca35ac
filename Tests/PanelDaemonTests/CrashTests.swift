import Foundation
import Logging
import PanelCore
import PanelDaemon
import PanelStore
import Testing

/// `kill -9` during a batch of 200 messages, several times, then a clean finish:
/// nothing lost, nothing taken twice, at most one extra acknowledgement per kill.
@Suite("Crash safety against the mail stack", .serialized)
struct CrashTests {
    @Test func killNineDuringABatchLosesNothing() async throws {
        let stack = try MailStack.load()
        try stack.clear("panel", "worker1", "worker2", "worker3")
        let binary = stack.repository.appendingPathComponent(".build/debug/panelmail").path
        #expect(FileManager.default.isExecutableFile(atPath: binary), "build panelmail first: swift build")

        // 200 messages straight into the panel INBOX: requests from three workers, one in ten automatic.
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID())")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        var requests = 0
        for index in 1...200 {
            let worker = "worker\(index % 3 + 1)@\(stack.domain)"
            let automatic = index % 10 == 0
            if !automatic { requests += 1 }
            let text = """
                From: Worker \(index) <\(worker)>\r
                To: panel@\(stack.domain)\r
                Subject: \(automatic ? "Automatic reply: away" : "Request \(index)")\r
                Message-ID: <crash-\(index)-\(UUID())@\(stack.domain)>\r
                Date: Mon, 23 Nov 2026 10:12:00 +0000\r
                \(automatic ? "Auto-Submitted: auto-replied\r\n" : "")MIME-Version: 1.0\r
                Content-Type: text/plain; charset=utf-8\r
                \r
                Case ID: \(100_000 + index)\r
                Cost: £\(index * 10)\r
                """
            let file = spool.appendingPathComponent("\(index).eml")
            try Data(text.utf8).write(to: file)
            try stack.script("deliver", "panel@\(stack.domain)", file.path)
        }
        #expect(try await stack.count("panel") == 200)

        let (config, dir) = try stack.writeConfig(extra: "log:\n  level: warning", panel: false)
        let environment = ["IMAP_BATCH_SIZE": "7", "IMAP_POLL_INTERVAL": "1s", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        func start() throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["run", "--config", config]
            process.environment = environment
            let log = dir.appendingPathComponent("panelmail.log")
            if !FileManager.default.fileExists(atPath: log.path) { _ = FileManager.default.createFile(atPath: log.path, contents: nil) }
            let handle = try FileHandle(forWritingTo: log)
            handle.seekToEndOfFile()
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            return process
        }

        // Kill it hard whenever some progress has been made, four times.
        var kills = 0
        var lastCount = 200
        while kills < 4 {
            let process = try start()
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(Int.random(in: 150...600)))
                let now = try await stack.count("panel")
                if now < lastCount || now == 0 { lastCount = now; break }
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            kills += 1
            print("kill -9 number \(kills): \(lastCount) of 200 messages still in the INBOX")
            if lastCount == 0 { break }
        }

        // A clean run to the end, stopped with SIGTERM once it is up (signal handlers installed).
        let process = try start()
        try await Task.sleep(for: .seconds(2))
        let deadline = ContinuousClock.now + .seconds(180)
        let database = try AppDatabase.open(path: dir.appendingPathComponent("panelmail.sqlite").path)
        while ContinuousClock.now < deadline {
            let queued = try database.outboxCounts()[.queued] ?? 0
            if try await stack.count("panel") == 0 && queued == 0 && (try database.requests(limit: 1000).count) == requests { break }
            try await Task.sleep(for: .milliseconds(300))
        }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "SIGTERM must stop panelmail cleanly")

        // Every message stored once; the INBOX empty.
        #expect(try await stack.count("panel") == 0)
        #expect(try await stack.count("panel", "Processed") == 200)
        let counts = try database.messageCounts()
        #expect(counts.values.reduce(0, +) == 200)
        #expect(counts[.automatic] == 200 - requests)

        // Every request has exactly one reference and at least one acknowledgement.
        let all = try database.requests(limit: 1000)
        #expect(all.count == requests)
        #expect(Set(all.map(\.reference)).count == requests)
        for request in all {
            let detail = try database.request(reference: request.reference)
            #expect(detail.outbox.contains { $0.purpose == "acknowledgement" && $0.status == .sent }, "\(request.reference) has no acknowledgement sent")
        }

        // What the workers received: each reference at least once, at most one extra per kill.
        for worker in ["worker1", "worker2", "worker3"] {
            try await stack.wait(for: worker, count: all.filter { $0.worker == stack.address(worker) }.count, timeout: .seconds(60))
        }
        let received = try await stack.count("worker1") + stack.count("worker2") + stack.count("worker3")
        #expect(received >= requests)
        #expect(received <= requests + kills, "\(received - requests) duplicate acknowledgements after \(kills) kills")
    }
}
