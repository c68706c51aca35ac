import Foundation

/// The one source of "now" for the daemon, replaceable in tests.
public protocol PanelClock: Sendable {
    var now: Date { get }
}

public struct SystemClock: PanelClock {
    public init() {}
    public var now: Date { Date() }
}
