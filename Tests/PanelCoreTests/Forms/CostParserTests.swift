import Testing
@testable import PanelCore

@Suite("Form values: cost")
struct CostParserTests {
    @Test(arguments: [
        ("£1,250", 125_000, CostFrequency.oneOff),
        ("1250.00", 125_000, .oneOff),
        ("£85 per day", 8_500, .perDay),
        ("£450 pw", 45_000, .perWeek),
        ("£450pw", 45_000, .perWeek),
        ("£450 p/w", 45_000, .perWeek),
        ("£450 a week", 45_000, .perWeek),
        ("£450 weekly", 45_000, .perWeek),
        ("£450 (weekly)", 45_000, .perWeek),
        ("GBP 300", 30_000, .oneOff),
        ("300 GBP", 30_000, .oneOff),
        ("GBP300", 30_000, .oneOff),
        ("300 pounds per month", 30_000, .perMonth),
        ("£1,250.50 per month", 125_050, .perMonth),
        ("£1,250.5 pcm", 125_050, .perMonth),
        ("£200 one-off", 20_000, .oneOff),
        ("£200 one off", 20_000, .oneOff),
        ("£2k", 200_000, .oneOff),
        ("£2.5k per year", 250_000, .perYear),
        ("£12,000 pa", 1_200_000, .perYear),
        ("£12,000 per annum", 1_200_000, .perYear),
        ("£285 per night", 28_500, .perNight),
        ("£3,450 (quote attached to the case record)", 345_000, .oneOff),
        ("£285 per night (£1,425 in total)", 28_500, .perNight),
        ("£450 per week, reviewed after 6 weeks", 45_000, .perWeek),
        ("£450 per week plus VAT", 45_000, .perWeek),
        ("  £450  ", 45_000, .oneOff),
        ("50p", 50, .oneOff),
        ("£1,000,000", 100_000_000, .oneOff),
        ("£450\nper week", 45_000, .perWeek),
    ])
    func readsAmounts(text: String, pence: Int, frequency: CostFrequency) {
        #expect(CostParser.parse(text) == .success(Cost(pence: pence, frequency: frequency)))
    }

    @Test(arguments: [
        ("about 200", "is not an amount in pounds"),
        ("approx. £200", "is not an amount in pounds"),
        ("TBC", "is not an amount in pounds"),
        ("£", "has no amount"),
        ("£ per week", "has no amount"),
        ("-£200", "is negative: give the cost as a positive amount"),
        ("£-200", "is negative: give the cost as a positive amount"),
        ("minus 200", "is negative: give the cost as a positive amount"),
        ("£200-£300", "is a range: give one amount"),
        ("£200 - £300", "is a range: give one amount"),
        ("£200 to £300", "is a range: give one amount"),
        ("200-300", "is a range: give one amount"),
        ("£0", "is zero: give the cost of the resource"),
        ("£12,50", "is not an amount in pounds"),
        ("1.250,00", "is not an amount in pounds"),
        ("£1.234", "is not an amount in pounds"),
        ("£100,000,000", "is too large to be a cost"),
        ("£99999999999999", "is too large to be a cost"),
        ("£25 per hour", "is a price per hour: give the cost per day, night, week, month or year, or the one-off total"),
        ("£40 per session", "is a price per session: give the cost per day, night, week, month or year, or the one-off total"),
        ("£450 for 6 weeks", "has more than one amount: give one amount and how often, e.g. \"£450 per week\""),
        ("£200 + £50", "has more than one amount: give one amount and how often, e.g. \"£450 per week\""),
        ("£4OO per week", "has a letter O among its figures: write the amount in figures only, e.g. \"£400 per week\""),
        ("£45o", "has a letter O among its figures: write the amount in figures only, e.g. \"£400 per week\""),
        ("1,2OO", "has a letter O among its figures: write the amount in figures only, e.g. \"£400 per week\""),
    ])
    func refusesWithAReason(text: String, reason: String) {
        #expect(CostParser.parse(text) == .failure(UnreadableValue(reason)))
    }

    @Test func aLabelCanGiveTheFrequency() {
        #expect(CostParser.frequency(inLabel: "Weekly cost") == .perWeek)
        #expect(CostParser.frequency(inLabel: "Cost per day") == .perDay)
        #expect(CostParser.frequency(inLabel: "Monthly cost") == .perMonth)
        #expect(CostParser.frequency(inLabel: "Annual cost") == .perYear)
        #expect(CostParser.frequency(inLabel: "Cost") == nil)
        #expect(CostParser.frequency(inLabel: "Total cost") == nil)
    }

    @Test(arguments: [
        (125_050, "£1,250.50"), (45_000, "£450"), (5, "£0.05"), (100_000_000, "£1,000,000"), (-1_050, "-£10.50"),
    ])
    func showsPounds(pence: Int, shown: String) {
        #expect(Cost.pounds(pence) == shown)
    }

    /// Letters glued to the figures that are a frequency or a multiplier are not typos.
    @Test(arguments: [("£450pw", 45_000), ("£2.5k", 250_000), ("£1200pcm", 120_000), ("£100ish", 10_000)])
    func lettersAfterTheFiguresThatMeanSomethingAreKept(text: String, pence: Int) {
        guard case .success(let cost) = CostParser.parse(text) else { Issue.record("\(text) was refused"); return }
        #expect(cost.pence == pence)
    }
}
