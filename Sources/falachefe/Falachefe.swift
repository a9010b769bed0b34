import ArgumentParser
import FalachefeHTTP
import Foundation

/// The `falachefe` command: the server, its migrations and its operators' tools.
struct Falachefe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "falachefe",
        abstract: "AI assistant crews for small companies over WhatsApp.",
        subcommands: [ServeCommand.self, MigrateCommand.self, AdminCommand.self, ChatCommand.self]
    )
}

/// The program's entry: sizes NIO's event loop group (`EventLoopCount`), moves Swift
/// Concurrency onto its loops (unless `FALACHEFE_EVENT_LOOP_EXECUTOR=0`), then runs the
/// command line. Both happen before anything starts the group.
@main
enum Entry {
    static func main() async {
        let environment = ProcessInfo.processInfo.environment
        do {
            try EventLoopCount.apply(environment: environment)
        } catch {
            FileHandle.standardError.write(Data("Error: invalid configuration: \(error)\n".utf8))
            exit(64)
        }
        if environment["FALACHEFE_EVENT_LOOP_EXECUTOR"] != "0" {
            EventLoopConcurrency.install()
        }
        await Falachefe.main()
    }
}
