import FalachefeCore
@testable import FalachefeHTTP
import Foundation
import NIOCore
import Testing

/// The webhook's answers, encoded once at start.
@Suite("Webhook answers")
struct WebhookAnswerTests {
    @Test("every answer a stored or skipped message gets is kept encoded, byte for byte as the encoder writes it",
          arguments: [IntakeResult.accepted, .queued, .duplicate, .rateLimited, .ignored])
    func keptAnswersMatchTheEncoder(result: IntakeResult) throws {
        let kept = try #require(WebhookAnswer.bodies[result.status])
        let encoded = try JSONResponse.encoder.encode(WebhookAnswer(status: result.status))
        #expect(Data(kept.readableBytesView) == encoded)
        #expect(String(decoding: encoded, as: UTF8.self) == #"{"status":"\#(result.status)"}"#)
    }
}
