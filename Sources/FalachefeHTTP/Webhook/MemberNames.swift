/// A fixed set of member names that `WebhookJSONParser` matches against a body's raw
/// bytes, so that a member it leaves out never becomes a `String`.
struct MemberNames: Sendable {
    /// The names' UTF-8 bytes, indexed by their byte count.
    private let byCount: [[[UInt8]]]

    init(_ names: [String]) {
        var byCount = [[[UInt8]]](repeating: [], count: (names.map(\.utf8.count).max() ?? 0) + 1)
        for name in names { byCount[name.utf8.count].append(Array(name.utf8)) }
        self.byCount = byCount
    }

    /// Whether `bytes` (a name's UTF-8, without quotes or escapes) is one of the names.
    func contains(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count < byCount.count else { return false }
        return byCount[bytes.count].contains { $0.elementsEqual(bytes) }
    }

    /// Whether `name` is one of the names.
    func contains(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { contains(UnsafeRawBufferPointer($0)) }
    }
}
