import MailTransport
import PanelStore

/// Exit codes from sysexits(3), so service managers and scripts can tell failures apart.
public enum Sysexits {
    public static let usage: Int32 = 64
    public static let dataError: Int32 = 65
    public static let noInput: Int32 = 66
    public static let unavailable: Int32 = 69
    public static let software: Int32 = 70
    public static let cantCreate: Int32 = 73
    public static let ioError: Int32 = 74
    public static let tempFail: Int32 = 75
    public static let noPermission: Int32 = 77
    public static let config: Int32 = 78

    public static func code(for error: any Error) -> Int32 {
        switch error {
        case is ConfigError, is TemplateError: return config
        case is StoreError: return cantCreate
        case let error as MailTransportError:
            switch error.kind {
            case .authentication: return noPermission
            case .transient: return tempFail
            default: return unavailable
            }
        default: return software
        }
    }
}
