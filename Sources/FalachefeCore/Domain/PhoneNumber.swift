/// Phone number handling for WhatsApp senders. Brazilian numbers arrive with and without
/// the country code `55` and with and without the mobile 9th digit; `canonical` maps all
/// those spellings of one number to one key so that users are matched reliably.
public enum PhoneNumber {
    /// The digits of a WhatsApp JID or a formatted number (`5511900000001@s.whatsapp.net`,
    /// `+55 11 90000-0001`). A LID (`…@lid`) is not a phone number and yields `nil`.
    public static func digits(_ raw: String) -> String? {
        if nonPhoneSuffixes.contains(where: raw.hasSuffix) { return nil }
        let utf8 = raw.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return characterDigits(raw) }
        // Every webhook's JIDs are ASCII: read bytes, not characters (a tenth of the
        // webhook's own CPU went to splitting and filtering characters).
        var digits: [UInt8] = []
        digits.reserveCapacity(16)
        for byte in utf8 {
            if byte == UInt8(ascii: "@") || byte == UInt8(ascii: ":") { break }
            if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { digits.append(byte) }
        }
        return (8...15).contains(digits.count) ? String(decoding: digits, as: UTF8.self) : nil
    }

    /// JIDs that are not a person's phone: a LID, a group, a broadcast list.
    private static let nonPhoneSuffixes = ["@lid", "@g.us", "@broadcast"]

    /// `digits` by characters, for text that is not ASCII: a digit with a combining mark is
    /// one character, and not a digit.
    private static func characterDigits(_ raw: String) -> String? {
        let user = raw.split(separator: "@", maxSplits: 1).first.map(String.init) ?? raw
        // A JID may carry a device suffix: `5511900000001:12@s.whatsapp.net`.
        let withoutDevice = user.split(separator: ":", maxSplits: 1).first.map(String.init) ?? user
        let digits = withoutDevice.filter { $0.isASCII && $0.isNumber }
        return (8...15).contains(digits.count) ? digits : nil
    }

    /// The matching key of a number: Brazilian numbers get the country code and, for
    /// mobiles (local part starting with 6–9), the 9th digit. Other numbers are unchanged.
    public static func canonical(_ digits: String) -> String {
        var number = digits
        if number.count == 10 || number.count == 11, !number.hasPrefix("55") {
            number = "55" + number
        }
        guard number.hasPrefix("55") else { return number }
        let national = number.dropFirst(2)
        if national.count == 10, let first = national.dropFirst(2).first, "6789".contains(first) {
            return "55" + national.prefix(2) + "9" + national.dropFirst(2)
        }
        return number
    }

    /// A masked form for logs: `55******99`.
    public static func mask(_ value: String) -> String {
        let digits = value.filter { $0.isASCII && $0.isNumber }
        guard digits.count > 4 else { return String(repeating: "*", count: digits.count) }
        return digits.prefix(2) + String(repeating: "*", count: digits.count - 4) + digits.suffix(2)
    }
}
