import Foundation
import Testing
@testable import PanelCore

@Suite("Bank holidays")
struct BankHolidaysTests {
    static let published = [
        "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26",
        "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28",
        "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28",
    ]

    static let twoDivisions = """
        {"england-and-wales":{"division":"england-and-wales","events":[
          {"title":"Summer bank holiday","date":"2026-08-31","notes":"","bunting":true}]},
         "scotland":{"division":"scotland","events":[
          {"title":"Summer bank holiday","date":"2026-08-03","notes":"","bunting":true},
          {"title":"St Andrew’s Day","date":"2026-11-30","notes":"","bunting":true}]}}
        """

    @Test("the shipped file holds the 24 published England and Wales days for 2025-2027")
    func shippedFile() throws {
        let holidays = try CalendarFixtures.shippedBankHolidays()
        #expect(holidays.days == Set(Self.published.map(CalendarFixtures.day)))
        #expect(holidays.days.count == 24)
        #expect(holidays.lastDay == CalendarFixtures.day("2027-12-28"))
    }

    @Test("the shipped file is GOV.UK's format, titles and notes included")
    func shippedFileFormat() throws {
        let data = try Data(contentsOf: CalendarFixtures.shippedBankHolidaysFile)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let division = try #require(root["england-and-wales"] as? [String: Any])
        #expect(division["division"] as? String == "england-and-wales")
        let events = try #require(division["events"] as? [[String: Any]])
        let byDate = Dictionary(uniqueKeysWithValues: events.map { ($0["date"] as? String ?? "", $0) })
        #expect(byDate["2026-01-01"]?["title"] as? String == "New Year’s Day")
        #expect(byDate["2026-05-04"]?["title"] as? String == "Early May bank holiday")
        #expect(byDate["2026-12-28"]?["title"] as? String == "Boxing Day")
        #expect(byDate["2026-12-28"]?["notes"] as? String == "Substitute day")
        #expect(byDate["2027-12-27"]?["title"] as? String == "Christmas Day")
        #expect(byDate["2027-12-27"]?["notes"] as? String == "Substitute day")
        #expect(byDate["2025-04-18"]?["bunting"] as? Bool == false)
        #expect(events.allSatisfy { $0["notes"] is String && $0["bunting"] is Bool && $0["title"] is String })
    }

    @Test("a division is chosen by name")
    func division() throws {
        let scotland = try BankHolidays(json: Data(Self.twoDivisions.utf8), division: "scotland")
        #expect(scotland.days == [CalendarFixtures.day("2026-08-03"), CalendarFixtures.day("2026-11-30")])
        let england = try BankHolidays(json: Data(Self.twoDivisions.utf8))
        #expect(england.days == [CalendarFixtures.day("2026-08-31")])
    }

    struct BadFile: Sendable, CustomTestStringConvertible {
        let name: String
        let json: String
        var division = BankHolidays.defaultDivision
        let error: CalendarError
        var testDescription: String { name }
    }

    @Test("unusable files say what is wrong", arguments: [
        BadFile(name: "not JSON", json: "<html>Service unavailable</html>", error: .bankHolidaysNotReadable(detail: "it is not valid JSON")),
        BadFile(name: "empty", json: "", error: .bankHolidaysNotReadable(detail: "it is not valid JSON")),
        BadFile(name: "a list", json: "[]", error: .bankHolidaysNotReadable(detail: "unexpected value at the top level")),
        BadFile(name: "no events", json: #"{"england-and-wales":{"division":"england-and-wales"}}"#,
                error: .bankHolidaysNotReadable(detail: "\"events\" is missing at england-and-wales")),
        BadFile(name: "numeric date", json: #"{"england-and-wales":{"events":[{"date":20260831}]}}"#,
                error: .bankHolidaysNotReadable(detail: "unexpected value at england-and-wales.events[0].date")),
        BadFile(name: "unknown division", json: twoDivisions, division: "wales",
                error: .unknownDivision("wales", available: ["england-and-wales", "scotland"])),
        BadFile(name: "impossible date", json: #"{"scotland":{"events":[{"date":"2026-01-01"},{"date":"2026-02-30"}]}}"#, division: "scotland",
                error: .badBankHolidayDate("2026-02-30", division: "scotland", index: 1)),
        BadFile(name: "British date order", json: #"{"england-and-wales":{"events":[{"date":"31/08/2026"}]}}"#,
                error: .badBankHolidayDate("31/08/2026", division: "england-and-wales", index: 0)),
    ])
    func badFiles(_ file: BadFile) {
        #expect(throws: file.error) { try BankHolidays(json: Data(file.json.utf8), division: file.division) }
    }

    @Test("error descriptions say what to do")
    func errorDescriptions() {
        #expect(CalendarError.bankHolidaysNotReadable(detail: "it is not valid JSON").description.contains("https://www.gov.uk/bank-holidays.json"))
        #expect(CalendarError.unknownDivision("wales", available: ["england-and-wales", "scotland"]).description
            == "the bank-holidays file has no division \"wales\"; use one of: england-and-wales, scotland")
        #expect(CalendarError.badBankHolidayDate("2026-02-30", division: "scotland", index: 1).description.contains("bank holiday 2 of \"scotland\""))
    }

    @Test("the list runs out when its last day is within the months ahead", arguments: [
        ("2026-09-01", 6, false),
        ("2027-06-28", 6, false),   // six months on is 2027-12-28, the last listed day
        ("2027-06-29", 6, true),
        ("2027-12-28", 0, false),
        ("2028-01-01", 0, true),
        ("2025-12-29", 24, true),
    ])
    func runsOut(from iso: String, months: Int, expected: Bool) throws {
        #expect(try CalendarFixtures.shippedBankHolidays().runsOut(withinMonths: months, of: CalendarFixtures.day(iso)) == expected)
    }

    @Test("an empty list has always run out")
    func emptyRunsOut() {
        #expect(BankHolidays().lastDay == nil)
        #expect(BankHolidays().runsOut(withinMonths: 6, of: CalendarFixtures.day("2026-01-01")))
    }

    @Test("month arithmetic clamps to the end of the month", arguments: [
        ("2026-08-31", 6, "2027-02-28"), ("2027-08-31", 6, "2028-02-29"), ("2026-07-15", 6, "2027-01-15"), ("2026-01-31", 1, "2026-02-28"),
    ])
    func addingMonths(_ iso: String, months: Int, expected: String) {
        #expect(BankHolidays.adding(months: months, to: CalendarFixtures.day(iso)).description == expected)
    }
}
