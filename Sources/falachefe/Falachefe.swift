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

/// The program's entry: moves Swift Concurrency onto NIO's event loops (unless
/// `FALACHEFE_EVENT_LOOP_EXECUTOR=0`), then runs the command line.
@main
enum Entry {
    static func main() async {
        if ProcessInfo.processInfo.environment["FALACHEFE_EVENT_LOOP_EXECUTOR"] != "0" {
            EventLoopConcurrency.install()
        }
        await Falachefe.main()
    }
}
