import ArgumentParser

/// The `falachefe` command: the server, its migrations and its operators' tools.
@main
struct Falachefe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "falachefe",
        abstract: "AI assistant crews for small companies over WhatsApp.",
        subcommands: [ServeCommand.self, MigrateCommand.self, AdminCommand.self, ChatCommand.self]
    )
}
