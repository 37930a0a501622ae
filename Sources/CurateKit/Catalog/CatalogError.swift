import Foundation
import GRDB

/// The catalog cannot be used, said so that the user knows what to do next.
public enum CatalogError: Error, CustomStringConvertible, Equatable {
    /// Another process kept a write transaction open for longer than the wait allows.
    case locked(path: String, holders: [FileHolders.Holder], seconds: Int)
    /// SQLite found the file damaged or not a database at all.
    case damaged(path: String, reason: String)

    public var description: String {
        switch self {
        case let .locked(path, holders, seconds):
            let who = holders.isEmpty ? "another process" : holders.map(\.description).joined(separator: ", ")
            return "the catalog \(path) stayed locked by \(who) for \(seconds) s; "
                + "let that process finish its transaction or stop it, then run again"
        case let .damaged(path, reason):
            return "the catalog \(path) is damaged (\(reason)); everything in it can be rebuilt from the "
                + "stages' task records: `curate catalog rebuild --out \(URL(fileURLWithPath: path).deletingLastPathComponent().path)`"
        }
    }

    /// The catalog error a SQLite error stands for, if it is one of those above.
    static func from(_ error: Error, path: String, waited seconds: Int) -> Error {
        guard let error = error as? DatabaseError else { return error }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return CatalogError.locked(path: path, holders: FileHolders.processes(holding: Catalog.files(of: path)), seconds: seconds)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return CatalogError.damaged(path: path, reason: error.message ?? "\(error.resultCode)")
        default:
            return error
        }
    }
}
