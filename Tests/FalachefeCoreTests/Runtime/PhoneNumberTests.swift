import FalachefeCore
import Testing

/// Phone digits of WhatsApp ids, Brazilian canonical form and masking.
@Suite("PhoneNumber")
struct PhoneNumberTests {
    @Test("digits of JIDs and formatted numbers", arguments: [
        ("5511900000001@s.whatsapp.net", "5511900000001"),
        ("5511900000001:12@s.whatsapp.net", "5511900000001"),
        ("+55 (11) 90000-0001", "5511900000001"),
        ("5511900000001", "5511900000001"),
        ("447911123456@c.us", "447911123456"),
        ("+55 11 90000–0001 ☎", "5511900000001"),
        ("5511900000001:3@s.whatsapp.net\u{00A0}", "5511900000001"),
        ("55119000\u{20E3}00001@s.whatsapp.net", "551190000001"),
    ])
    func digitsOfJIDs(raw: String, expected: String) {
        #expect(PhoneNumber.digits(raw) == expected)
    }

    @Test("LIDs, groups, broadcasts and implausible lengths yield nil", arguments: [
        "123456789012345@lid", "120363000000000000@g.us", "status@broadcast", "1234567", "1234567890123456", "",
        "abc@s.whatsapp.net", "ção@lid", "5511900000001@g.us",
    ])
    func notPhoneNumbers(raw: String) {
        #expect(PhoneNumber.digits(raw) == nil)
    }

    @Test("every spelling of a Brazilian mobile maps to one canonical key", arguments: [
        "5511988887777", "551188887777", "11988887777", "1188887777",
    ])
    func mobileSpellings(spelling: String) {
        #expect(PhoneNumber.canonical(spelling) == "5511988887777")
    }

    @Test("landlines get the country code but no 9th digit", arguments: [
        ("551133334444", "551133334444"), ("1133334444", "551133334444"), ("554732221100", "554732221100"),
    ])
    func landlines(spelling: String, expected: String) {
        #expect(PhoneNumber.canonical(spelling) == expected)
    }

    @Test("other countries' numbers are unchanged", arguments: ["447911123456", "351912345678", "4915112345678"])
    func foreignUnchanged(number: String) {
        #expect(PhoneNumber.canonical(number) == number)
    }

    @Test("canonical is idempotent")
    func idempotent() {
        for number in ["1188887777", "551133334444", "5511988887777", "447911123456"] {
            let once = PhoneNumber.canonical(number)
            #expect(PhoneNumber.canonical(once) == once)
        }
    }

    @Test("masking keeps two digits at each end")
    func mask() {
        #expect(PhoneNumber.mask("5511900000099") == "55*********99")
        #expect(PhoneNumber.mask("5511900000099@s.whatsapp.net") == "55*********99")
        #expect(PhoneNumber.mask("12345") == "12*45")
        #expect(PhoneNumber.mask("1234") == "****")
        #expect(PhoneNumber.mask("") == "")
        #expect(!PhoneNumber.mask("5511988887777").contains("98888"))
    }
}
