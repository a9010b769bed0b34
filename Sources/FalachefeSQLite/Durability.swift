/// How much of a committed write survives a crash. Both modes run SQLite in WAL mode.
public enum Durability: String, Sendable, Hashable, CaseIterable {
    /// `synchronous=NORMAL`: a commit is in the WAL file (in the OS page cache) when `accept`
    /// returns, so it survives `kill -9` of the process; a power loss or kernel crash may lose
    /// the last commits. Fast: no fsync per commit, only at checkpoints.
    case processCrash
    /// `synchronous=FULL`: the WAL is fsynced at every commit, so a commit also survives an OS
    /// crash or a power loss. Group commit amortises the fsync over the whole batch.
    case osCrash

    /// The value of `PRAGMA synchronous` for this mode (a fixed identifier, never user input).
    var synchronousPragma: String {
        switch self {
        case .processCrash: "NORMAL"
        case .osCrash: "FULL"
        }
    }
}
