// Intake stages, in process and without a mail server: how long reading (MIME and the
// request form) and recording (SQLite, the acknowledgement composed and queued) take per
// message, on the benchmark's small requests (deploy/dev/bench.py's mix, without the
// attachments), and how fast a large attachment is read as it arrives (split into chunks
// as the IMAP connection hands them on, decoded, counted and hashed: the 1-5 MB PDFs of
// bench.py's mix). deploy/dev/bench.sh measures the whole path against Dovecot; this says
// where its CPU goes, one stage at a time.
//
//   swift run -c release IntakeBench [messages] [rounds]
import Foundation
import PanelCore
import PanelDaemon
import PanelStore

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let count = arguments.first ?? 1000
let rounds = arguments.dropFirst().first ?? 5
let top = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
let work = FileManager.default.temporaryDirectory.appendingPathComponent("panelmail-intakebench-\(getpid())").path
try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: work) }

/// The same request shape as bench.py: a complete form, then narrative to 2-50 KB.
struct Generator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
let domain = "council.test"
let words = ["placement", "assessment", "transport", "housing", "cost", "review", "panel", "family"]
func message(_ index: Int, _ random: inout Generator) -> [UInt8] {
    let size = Int.random(in: 2_000...50_000, using: &random)
    var body = "Child or family name: Family \(index)\r\nCase ID: \(100_000 + index)\r\nLocality: Cheltenham\r\n"
        + "Team: Cheltenham East\r\nSocial worker: Worker \(index), worker\(index % 3 + 1)@\(domain)\r\n"
        + "Team manager: Manager One, manager1@\(domain)\r\nResource type: Placement\r\n"
        + "Cost: £\(450 + index % 100) per week\r\nStart date: 03/09/2026\r\nReason:\r\n"
    while body.utf8.count < size {
        body += (0..<12).map { _ in words.randomElement(using: &random)! }.joined(separator: " ") + "\r\n"
    }
    let headers = "From: Worker \(index) <worker\(index % 3 + 1)@\(domain)>\r\nTo: panel@\(domain)\r\n"
        + "Subject: Request \(index)\r\nMessage-ID: <bench-\(index)-\(random.next())@\(domain)>\r\n"
        + "Date: Mon, 23 Nov 2026 10:12:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    return Array((headers + body).utf8)
}

let yaml = """
panel:
  address: panel@\(domain)
imap:
  host: 127.0.0.1
  port: 993
smtp:
  host: 127.0.0.1
  port: 465
store:
  path: \(work)/panelmail.sqlite
templates:
  directory: \(top)/Templates
"""
try yaml.write(toFile: "\(work)/panelmail.yaml", atomically: true, encoding: .utf8)
let config = try await PanelConfig.load(path: "\(work)/panelmail.yaml", environment: [:], requireCredentials: false)
let composer = MailComposer(templates: try await TemplateRenderer(directory: config.templatesDirectory), config: config, clock: SystemClock())
let reader = MessageReader(forms: FormParser(schema: config.formSchema))
let settings = IntakeSettings(
    timeZone: config.timeZone, attachmentLimit: config.attachmentLimit,
    recipientPolicy: RecipientPolicy(allowedDomains: config.allowedDomains), rules: config.requestRules,
    notARequestAnswers: config.blankFormAnswers, panel: config.panelDesk)

var random = Generator(state: 42)
let raws = (0..<count).map { message($0, &random) }
let megabytes = Double(raws.map(\.count).reduce(0, +)) / 1_048_576
print("\(count) requests, \(String(format: "%.1f", megabytes)) MB, \(rounds) rounds")
/// Wall and CPU time of a stage, per message: recording waits for the disk at each commit.
/// This VM's figures drift by tens of percent from round to round: compare the best.
struct Stage {
    var wall = Double.infinity
    var cpu = Double.infinity
    mutating func keepBest(_ other: Stage) {
        wall = min(wall, other.wall)
        cpu = min(cpu, other.cpu)
    }
    var description: String { String(format: "%.0f µs/message (CPU %.0f µs)", wall * 1e6, cpu * 1e6) }
}
func measure(_ body: () throws -> Void) rethrows -> Stage {
    func cpu() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
    let clock = ContinuousClock()
    let cpuStart = cpu()
    let wall = try clock.measure(body)
    let cpuSeconds = cpu() - cpuStart
    return Stage(wall: seconds(wall) / Double(count), cpu: cpuSeconds / Double(count))
}
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
var bestReading = Stage()
var bestRecording = Stage()
for round in 1...rounds {
    var contents: [IncomingMessage.Content] = []
    contents.reserveCapacity(count)
    let reading = measure { for raw in raws { contents.append(reader.read(raw)) } }

    try? FileManager.default.removeItem(atPath: "\(work)/round")
    try FileManager.default.createDirectory(atPath: "\(work)/round", withIntermediateDirectories: true)
    let database = try AppDatabase.open(path: "\(work)/round/panelmail.sqlite")
    let arrived = Date()
    var uid: UInt32 = 0
    let recording = try measure {
        for start in stride(from: 0, to: count, by: config.batchSize) {
            let pack = try database.rawMessages.startPack()
            var batch: [IncomingMessage] = []
            for index in start..<min(start + config.batchSize, count) {
                uid += 1
                let location = try pack.append(message: raws[index])
                batch.append(IncomingMessage(
                    folder: "INBOX", uidValidity: 1, uid: uid, arrivedAt: arrived, raw: [],
                    spooled: .init(pack: location.pack, offset: location.offset, length: location.length), content: contents[index]))
            }
            try pack.finish()
            _ = try database.recordIntake(batch, settings: settings, composer: composer, now: arrived)
        }
    }
    print("round \(round): reading \(reading.description); recording \(recording.description)")
    bestReading.keepBest(reading)
    bestRecording.keepBest(recording)
}
print("best of \(rounds): reading \(bestReading.description); recording \(bestRecording.description)")

/// Large messages as MessageSpool reads them: 128 KiB chunks through the skeleton builder,
/// then the skeleton read. Twenty requests with a 5 MB PDF each, 140 MB as transmitted.
let pdfs = (0..<20).map { index -> [UInt8] in
    var bytes = [UInt8](repeating: 0, count: 5_000_000)
    for i in bytes.indices where i % 8 == 0 {
        withUnsafeBytes(of: random.next()) { word in
            for j in 0..<min(8, bytes.count - i) { bytes[i + j] = word[j] }
        }
    }
    let text = String(decoding: message(index, &random), as: UTF8.self)
    let split = text.range(of: "Content-Type: text/plain; charset=utf-8\r\n\r\n")!
    let headers: String = String(text[..<split.lowerBound]) + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
    let form: String = "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + String(text[split.upperBound...])
    let attachment: String = "\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"report.pdf\"\r\n"
        + "Content-Transfer-Encoding: base64\r\n\r\n"
    return Array((headers + form + attachment).utf8) + Base64Codec.encode(bytes) + Array("\r\n--b--\r\n".utf8)
}
let pdfBytes = pdfs.map { $0.count }.reduce(0, +)
var bestAttachments = Double.infinity
for round in 1...rounds {
    let started = ContinuousClock.now
    for raw in pdfs {
        var builder = MessageSkeletonBuilder(keepAtMost: 256 << 10, keepsBody: MessageReader.keepsBody)
        raw.withUnsafeBytes { bytes in
            for start in stride(from: 0, to: bytes.count, by: 128 << 10) {
                builder.append(UnsafeRawBufferPointer(rebasing: bytes[start..<min(start + (128 << 10), bytes.count)]))
            }
        }
        guard case .readable = reader.read(builder.finish()) else { fatalError("a benchmark message did not read") }
    }
    let elapsed = seconds(ContinuousClock.now - started)
    print(String(format: "round %d: large attachments read at %.0f MB/s (%.1f ms per 5 MB PDF)", round,
                 Double(pdfBytes) / 1_048_576 / elapsed, elapsed / Double(pdfs.count) * 1000))
    bestAttachments = min(bestAttachments, elapsed)
}
print(String(format: "best of %d: large attachments read at %.0f MB/s (%.1f ms per 5 MB PDF)", rounds,
             Double(pdfBytes) / 1_048_576 / bestAttachments, bestAttachments / Double(pdfs.count) * 1000))
