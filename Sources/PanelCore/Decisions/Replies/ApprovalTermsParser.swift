/// Reads what follows `APPROVE`: an optional amount, then an optional term, then the
/// reason.
///
/// - The amount comes first and is read by `CostParser` (`£450`, `£85 per day`,
///   `£1,250.50 pcm`, `450 pounds a week`, `£2k`); an amount that cannot be read is
///   refused, never taken as reason, so `APPROVE £4OO` does not approve in full.
/// - The term: `until` (or `till`, `to`, `ending`) and a date (`UKDateParser`, up
///   to five words: `until Friday 18 December 2026`), or `for` and a length
///   (`for 6 weeks`, `for a year`).
/// - Then the reason, after any dash, colon or comma.
/// - Refused: an amount in the first two words after the terms (`£200 - £300`,
///   `£200 to £300`, `£450 500`), and, when no amount came first, an amount anywhere
///   on the line (`APPROVE reduced to £400`), since approving in full would be the
///   wrong reading. Reasons that mention money belong on the lines below.
enum ApprovalTermsParser {
    struct Reading: Hashable {
        var terms: ApprovalTerms
        var rest: String
    }

    static func parse(_ text: Substring) -> Result<Reading, PanelReplyProblem> {
        var cursor = text.startIndex
        var cost: Cost?
        if let word = word(in: text, from: cursor), looksLikeMoney(word) {
            switch amount(in: text, from: cursor) {
            case .success(let (read, end)):
                cost = read
                cursor = end
            case .failure(let problem):
                return .failure(problem)
            }
        }
        var end: ResourceEnd?
        switch term(in: text, from: cursor) {
        case .success(let found?):
            end = found.end
            cursor = found.after
        case .success(nil):
            break
        case .failure(let problem):
            return .failure(problem)
        }
        let rest = text[cursor...].drop(while: PanelCommandParser.isPunctuation)
        if cost == nil, mentionsMoney(rest) {
            return .failure(PanelReplyProblem(.amountNotAfterCommand(written: FormText.collapse(rest))))
        }
        if cost != nil, let first = word(in: rest, from: rest.startIndex) {
            let second = word(in: rest, from: first.endIndex)
            if looksLikeMoney(first) || second.map(isCurrencyFirst) == true {
                return .failure(PanelReplyProblem(.moreThanOneAmount(written: FormText.collapse(text[..<(second ?? first).endIndex]))))
            }
        }
        return .success(Reading(terms: ApprovalTerms(cost: cost, end: end), rest: FormText.trim(rest)))
    }

    // MARK: Amount

    private static let currencyWords: Set<String> = ["pounds", "pound", "gbp", "sterling"]

    /// `£450`, `£ 450`, `450`, `GBP300`, `£abc`: a word that is meant as money.
    static func looksLikeMoney(_ word: Substring) -> Bool {
        guard let first = word.first else { return false }
        if first == "£" || first == "\u{FFE1}" || (first.isASCII && first.isNumber) { return true }
        return word.lowercased().hasPrefix("gbp")
    }

    /// `£300`, `GBP300`: money for certain, not a count of weeks.
    private static func isCurrencyFirst(_ word: Substring) -> Bool {
        word.first == "£" || word.first == "\u{FFE1}" || word.lowercased().hasPrefix("gbp")
    }

    private static func mentionsMoney(_ text: Substring) -> Bool {
        text.contains { $0 == "£" || $0 == "\u{FFE1}" } || text.split(whereSeparator: FormText.isSpace).contains { $0.lowercased() == "gbp" }
    }

    /// The amount and frequency starting at `start`, and where they end.
    private static func amount(in text: Substring, from start: Substring.Index) -> Result<(Cost, Substring.Index), PanelReplyProblem> {
        guard let first = word(in: text, from: start) else { return .failure(unreadable(text[start...], "has no amount")) }
        var end = first.endIndex
        if first.allSatisfy({ !$0.isNumber }), let second = word(in: text, from: end) {
            end = second.endIndex // "£ 450", "GBP 300"
        }
        let reading: CostParser.Reading
        switch CostParser.read(String(text[start..<end])) {
        case .success(let read): reading = read
        case .failure(let error): return .failure(unreadable(clause(text, from: start), error.reason))
        }
        guard isWholeAmount(text[start..<end]) else {
            return .failure(unreadable(clause(text, from: start), CostParser.notAnAmount.reason))
        }
        if !reading.frequencyGiven {
            if let next = word(in: text, from: end), currencyWords.contains(next.lowercased()) { end = next.endIndex }
            let tail = Array(text[end...].prefix(48).map { $0.isASCII ? Character($0.lowercased()) : $0 })
            if let (_, length) = CostParser.frequencyPhrase(in: tail, at: 0) {
                end = text.index(end, offsetBy: length)
            } else if let aside = bracketedFrequency(in: text, from: end) {
                end = aside
            }
        }
        switch CostParser.read(String(text[start..<end])) {
        case .success(let read): return .success((read.cost, end))
        case .failure(let error): return .failure(unreadable(text[start..<end], error.reason))
        }
    }

    /// True when every character of the amount's words is part of the amount:
    /// `£450`, `£2.5k`, `50p`, `£450pw`, `£85/day`, `300GBP`, `£450,`. `CostParser` reads
    /// `£4OO` as £4 and a comment, which on an approval would be the wrong amount.
    private static func isWholeAmount(_ words: Substring) -> Bool {
        var rest = words.drop { FormText.isSpace($0) || $0 == "£" || $0 == "\u{FFE1}" }
        if rest.lowercased().hasPrefix("gbp") { rest = rest.dropFirst(3).drop(while: FormText.isSpace) }
        rest = rest.drop { ($0.isASCII && $0.isNumber) || $0 == "," || $0 == "." }
        let tail = String(rest).lowercased().trimmingSuffix(".,;:)")
        if tail.isEmpty || ["k", "p", "gbp"].contains(tail) { return true }
        let chars = Array(tail)
        if let (_, length) = CostParser.frequencyPhrase(in: chars, at: 0), length == chars.count { return true }
        return false
    }

    /// The end of `(weekly)` right after the amount, when the brackets hold only a frequency.
    private static func bracketedFrequency(in text: Substring, from start: Substring.Index) -> Substring.Index? {
        let rest = text[start...].drop(while: FormText.isSpace)
        guard rest.first == "(", let close = rest.prefix(48).firstIndex(of: ")") else { return nil }
        let inside = Array(FormText.trim(rest[rest.index(after: rest.startIndex)..<close]).lowercased())
        guard let (_, length) = CostParser.frequencyPhrase(in: inside, at: 0), length == inside.count else { return nil }
        return rest.index(after: close)
    }

    private static func unreadable(_ written: some StringProtocol, _ reason: String) -> PanelReplyProblem {
        PanelReplyProblem(.unreadableAmount(written: FormText.collapse(written), reason: reason))
    }

    // MARK: Term

    private struct Term {
        var end: ResourceEnd
        var after: Substring.Index
    }

    private static let untilWords: Set<String> = ["until", "till", "til", "to", "ending", "ends"]

    /// `until <date>` or `for <length>` at `start`; nil when neither starts there.
    private static func term(in text: Substring, from start: Substring.Index) -> Result<Term?, PanelReplyProblem> {
        guard let lead = word(in: text, from: start) else { return .success(nil) }
        let key = lead.lowercased().trimmingSuffix(":,")
        if untilWords.contains(key) {
            var words: [Substring] = []
            var cursor = lead.endIndex
            while words.count < 5, let next = word(in: text, from: cursor) {
                words.append(next)
                cursor = next.endIndex
            }
            for count in stride(from: words.count, through: 1, by: -1) {
                let candidate = text[words[0].startIndex..<words[count - 1].endIndex]
                if case .success(let day) = UKDateParser.parse(String(candidate).trimmingSuffix(",.;:")) {
                    return .success(Term(end: .date(day), after: words[count - 1].endIndex))
                }
            }
            // "to" also starts reasons ("to cover the summer"): only a date makes it a term.
            if key == "to" { return .success(nil) }
            let written = words.isEmpty ? "" : clause(text, from: words[0].startIndex, maxWords: 5)
            let reason: String
            switch UKDateParser.parse(written) {
            case .failure(let error): reason = error.reason
            case .success: reason = "is not a date" // a date inside a longer clause
            }
            return .failure(PanelReplyProblem(.unreadableEndDate(written: written, reason: reason)))
        }
        if key == "for" {
            let first = word(in: text, from: lead.endIndex)
            let second = first.flatMap { word(in: text, from: $0.endIndex) }
            for last in [second, first].compactMap({ $0 }) {
                let candidate = String(text[lead.startIndex..<last.endIndex]).trimmingSuffix(",.;:")
                if case .success(let found) = ResourceEndParser.parse(candidate), case .duration = found {
                    return .success(Term(end: found, after: last.endIndex))
                }
            }
            // "for the summer holidays" is a reason; "for 6 fortnights" is a term that failed.
            guard let first, first.first?.isNumber == true else { return .success(nil) }
            let written = String(text[lead.startIndex..<(second ?? first).endIndex])
            let reason: String
            switch ResourceEndParser.parse(written) {
            case .failure(let error): reason = error.reason
            case .success: reason = "is not a length of time: give a length such as 6 weeks"
            }
            return .failure(PanelReplyProblem(.unreadableTerm(written: written, reason: reason)))
        }
        return .success(nil)
    }

    // MARK: Words

    /// The next run of non-space characters at or after `start`.
    static func word(in text: Substring, from start: Substring.Index) -> Substring? {
        var index = start
        while index < text.endIndex, FormText.isSpace(text[index]) { index = text.index(after: index) }
        guard index < text.endIndex else { return nil }
        var end = index
        while end < text.endIndex, !FormText.isSpace(text[end]) { end = text.index(after: end) }
        return text[index..<end]
    }

    /// The words from `start` up to the first " - ", ";" or "," separator (at most
    /// `maxWords`): what to quote back when something there could not be read.
    private static func clause(_ text: Substring, from start: Substring.Index, maxWords: Int = 6) -> String {
        var words: [Substring] = []
        var cursor = start
        while words.count < maxWords, let next = word(in: text, from: cursor) {
            if ["-", "–", "—", "|"].contains(next) { break }
            words.append(next)
            if next.last == ";" || next.last == "," { break }
            cursor = next.endIndex
        }
        return words.joined(separator: " ").trimmingSuffix(",;:")
    }
}

extension String {
    /// The text without any of the ASCII `characters` at its end.
    fileprivate func trimmingSuffix(_ characters: String) -> String {
        String(Substring(self).droppingASCIISuffix(characters))
    }
}
