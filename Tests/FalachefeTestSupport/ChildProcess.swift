import Foundation

/// Runs a program to its end off the cooperative pool: the `Process` is started and waited
/// for on a Dispatch thread, since a test process has few cooperative threads and a child
/// can take seconds.
public enum ChildProcess {
    /// What a finished program left: its exit status and its combined stdout and stderr.
    public struct Result: Sendable {
        public var status: Int32
        public var output: String
    }

    /// Runs `executable` with `arguments`, writing `input` (if any) to its stdin.
    /// `environment` adds to (or overrides) this process's environment.
    public static func run(
        _ executable: URL, _ arguments: [String], input: String? = nil, environment: [String: String] = [:]
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = executable
                process.arguments = arguments
                if !environment.isEmpty {
                    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
                }
                let output = Pipe()
                process.standardOutput = output
                process.standardError = output
                let stdin = input.map { _ in Pipe() }
                if let stdin { process.standardInput = stdin }
                do {
                    try process.run()
                    if let stdin, let input {
                        stdin.fileHandleForWriting.write(Data(input.utf8))
                        try stdin.fileHandleForWriting.close()
                    }
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                let data = output.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self)))
            }
        }
    }
}
