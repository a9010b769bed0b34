import Foundation
import Logging

/// An in-memory log backend: every line a logger made from it is kept, rendered with
/// its metadata, so tests can assert on what was (and was not) logged.
/// `@unchecked Sendable`: `lines` is only touched under `lock`.
final class CapturedLogs: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    /// A logger at `trace` level writing here.
    func logger(label: String = "test") -> Logger {
        var logger = Logger(label: label) { _ in Handler(sink: self) }
        logger.logLevel = .trace
        return logger
    }

    /// Everything logged so far, one rendered line per entry.
    var all: [String] { lock.withLock { lines } }

    fileprivate func append(_ line: String) {
        lock.withLock { lines.append(line) }
    }

    private struct Handler: LogHandler {
        let sink: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        var metadataProvider: Logger.MetadataProvider?

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            sink.append("\(event.level) \(event.message) \(rendered.joined(separator: " "))")
        }
    }
}
