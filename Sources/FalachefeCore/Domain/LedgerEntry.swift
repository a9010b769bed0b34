import Foundation

/// One booked income or expense. Money is integer cents; `sourceMessageID` is the inbound
/// message that booked it and makes booking idempotent.
public struct LedgerEntry: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case income
        case expense
    }

    public var id: String
    public var tenantID: String
    public var kind: Kind
    public var amountCents: Int64
    public var category: String
    /// The day the money moved, `yyyy-MM-dd` in the company's time zone.
    public var day: LedgerDay
    public var description: String
    public var sourceMessageID: String
    public var userID: String?
    public var createdAt: Date

    public init(
        id: String = UUID().uuidString.lowercased(), tenantID: String, kind: Kind, amountCents: Int64,
        category: String, day: LedgerDay, description: String, sourceMessageID: String,
        userID: String?, createdAt: Date = Date()
    ) {
        self.id = id
        self.tenantID = tenantID
        self.kind = kind
        self.amountCents = amountCents
        self.category = category
        self.day = day
        self.description = description
        self.sourceMessageID = sourceMessageID
        self.userID = userID
        self.createdAt = createdAt
    }
}

/// A calendar day (no time, no zone), stored as `yyyy-MM-dd`, ordered.
public struct LedgerDay: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `yyyy-MM-dd`.
    public init?(iso: String) {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        self.init(year: parts[0], month: parts[1], day: parts[2])
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// `dd/MM/yyyy`, as Brazilians write it.
    public var brazilian: String {
        String(format: "%02d/%02d/%04d", day, month, year)
    }

    public static func < (lhs: LedgerDay, rhs: LedgerDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The day of `date` in `timeZone`.
    public static func of(_ date: Date, in timeZone: TimeZone) -> LedgerDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return LedgerDay(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1)
    }

    /// The instant the first day of this day's month starts in `timeZone`.
    public func startOfMonth(in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: year, month: month, day: 1)) ?? Date(timeIntervalSince1970: 0)
    }

    /// This day shifted by `days` (negative for the past).
    public func adding(days: Int) -> LedgerDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: year, month: month, day: day)) ?? Date(timeIntervalSince1970: 0)
        let shifted = calendar.date(byAdding: .day, value: days, to: start) ?? start
        return LedgerDay.of(shifted, in: TimeZone(identifier: "UTC")!)
    }

    /// Whether the components form a real calendar date (no 31/02).
    public var isValid: Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)) else { return false }
        return LedgerDay.of(date, in: TimeZone(identifier: "UTC")!) == self
    }
}

/// Totals of a period of the ledger, by kind and by category.
public struct LedgerSummary: Sendable, Hashable {
    public struct CategoryTotal: Sendable, Hashable {
        public var kind: LedgerEntry.Kind
        public var category: String
        public var cents: Int64
        public var count: Int

        public init(kind: LedgerEntry.Kind, category: String, cents: Int64, count: Int) {
            self.kind = kind
            self.category = category
            self.cents = cents
            self.count = count
        }
    }

    public var incomeCents: Int64
    public var expenseCents: Int64
    public var byCategory: [CategoryTotal]

    public init(incomeCents: Int64, expenseCents: Int64, byCategory: [CategoryTotal]) {
        self.incomeCents = incomeCents
        self.expenseCents = expenseCents
        self.byCategory = byCategory
    }

    public var balanceCents: Int64 { incomeCents - expenseCents }
}
