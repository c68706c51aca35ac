import Foundation

/// What went wrong with the store, and what to do about it.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(description: String) {
        self.description = description
    }

    static func directoryMissing(_ path: String) -> StoreError {
        StoreError(description: "the database folder \(path) does not exist: create it (owned by the panelmail user, mode 0700) or set store.path")
    }

    static func cannotCreate(_ path: String, errno code: Int32) -> StoreError {
        StoreError(description: "cannot create the database file \(path): \(String(cString: strerror(code))); check the folder's owner and permissions")
    }

    static func unknownReference(_ reference: String) -> StoreError {
        StoreError(description: "no request has the reference \(reference)")
    }
}
