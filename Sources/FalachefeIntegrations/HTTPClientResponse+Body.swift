import AsyncHTTPClient
import NIOCore

extension HTTPClientResponse {
    /// The body, up to `limit` bytes; nil when it cannot be read (too large, connection
    /// lost) — the status still classifies the answer. Rethrows cancellation.
    func readableBody(upTo limit: Int) async throws -> ByteBuffer? {
        do {
            return try await body.collect(upTo: limit)
        } catch {
            try Task.checkCancellation()
            return nil
        }
    }
}
