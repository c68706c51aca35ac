import Testing
@testable import PanelCore

@Suite("Urgent subjects")
struct UrgencyTests {
    @Test("urgent as a whole word, any case, anywhere", arguments: [
        "URGENT: residential placement needed tonight",
        "Urgent - PAMs assessment for final hearing",
        "[urgent] stair gate",
        "RE: urgent",
        "Re: URGENT request - emergency accommodation",
        "Fwd: Urgent: NRPF support for family",
        "FW: RE: Urgent!!! transport from Friday",
        "urgent",
        "Request for mentoring (URGENT)",
        "Placement request – urgent – Forest of Dean",
        "Placement request — URGENT",
        "urgent/ high priority",
        "**URGENT** respite placement",
        "UrGeNt: drug testing for ICPC",
        "Not in school, urgent transport needed",       // "urgent" not right after "not"
        "non-urgent update, then URGENT request",        // a second, plain "urgent"
        "Re: not urgent - now URGENT",
        "URGENT_placement",
        "urgent's the word",
        "AW: Dringend / urgent",
        "URGENT\tplacement breakdown",
    ])
    func urgent(_ subject: String) {
        #expect(Urgency.isUrgent(subject: subject))
    }

    @Test("not urgent: negated, or only part of another word", arguments: [
        "non-urgent: school transport September",
        "Non urgent - equipment request",
        "not urgent",
        "NOT-URGENT mentoring request",
        "Re: not urgent, but needed before half term",
        "Non‐urgent request (Unicode hyphen)",
        "Non–urgent request (en dash)",
        "Re: Non - Urgent",
        "Please action urgently: placement",
        "Urgency of residential placement",
        "Insurgent behaviour: mentoring request",
        "Urgentissimo",
        "nonurgent",
        "Placement request for Cheltenham",
        "",
        "RE: FW: panel form attached",
    ])
    func notUrgent(_ subject: String) {
        #expect(!Urgency.isUrgent(subject: subject))
    }
}
