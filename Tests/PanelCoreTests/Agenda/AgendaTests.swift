import Testing

/// The parent suite of the agenda tests, so `swift test --filter Agenda` runs them all.
@Suite("Agenda")
enum AgendaTests {}
