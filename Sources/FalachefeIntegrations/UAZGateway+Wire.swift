extension UAZGateway {
    /// Body of `POST /send/text`.
    struct SendTextRequest: Encodable, Sendable {
        var number: String
        var text: String
    }

    /// The part of a `200` answer we use; every field optional so that odd answers
    /// still count as sent.
    struct SendTextResponse: Decodable, Sendable {
        var messageid: String?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            messageid = try? container.decodeIfPresent(String.self, forKey: .messageid)
        }

        enum CodingKeys: String, CodingKey {
            case messageid
        }
    }

    /// uazapi's error body: `{"error": "Invalid token"}`.
    struct ErrorResponse: Decodable, Sendable {
        var error: String?
    }
}
