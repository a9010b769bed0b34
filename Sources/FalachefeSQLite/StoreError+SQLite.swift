import FalachefeCore
import SQLiteNIO

extension StoreError {
    /// Maps any error raised while talking to SQLite to the store's error vocabulary:
    /// uniqueness violations are conflicts, everything else makes the store unavailable.
    static func wrapping(_ error: any Error) -> StoreError {
        if let storeError = error as? StoreError { return storeError }
        if let failure = error as? SQLiteFailure {
            if failure.isUniqueViolation { return .conflict(failure.message) }
            return .unavailable(failure.description)
        }
        if let sqliteError = error as? SQLiteError {
            if sqliteError.isUniqueViolation { return .conflict(sqliteError.message) }
            return .unavailable(sqliteError.description)
        }
        return .unavailable(String(describing: error))
    }
}

extension SQLiteError {
    /// Whether the statement failed on a UNIQUE or PRIMARY KEY constraint.
    var isUniqueViolation: Bool {
        switch reason {
        case .constraintUniqueFailed, .constraintPrimaryKeyFailed: true
        default: false
        }
    }

    var isForeignKeyViolation: Bool {
        if case .constraintForeignKeyFailed = reason { return true }
        return false
    }

    /// Whether the statement failed on a CHECK constraint (a value the schema refuses).
    var isCheckViolation: Bool {
        if case .constraintCheckFailed = reason { return true }
        return false
    }
}
