import FalachefeHTTP
import Foundation
import Logging

/// Process-wide logging: text or JSON lines on standard error.
enum LoggingSetup {
    static func bootstrap(level: Logger.Level, format: AppConfiguration.LogFormat) -> Logger {
        LoggingSystem.bootstrap { label in
            switch format {
            case .json:
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
        return Logger(label: "falachefe")
    }
}
