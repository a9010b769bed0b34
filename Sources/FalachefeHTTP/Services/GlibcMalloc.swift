#if canImport(Glibc)
import Glibc
#endif

/// glibc's `malloc_trim`, looked up at run time (Swift's Glibc module leaves `<malloc.h>`
/// out); it does nothing elsewhere.
enum GlibcMalloc {
    /// Gives freed heap pages back to the system (`malloc_trim(0)`).
    static func trim() {
        _ = mallocTrim?(0)
    }

    /// Whether `malloc_trim` was found (always on glibc).
    static var isAvailable: Bool { mallocTrim != nil }

    private typealias MallocTrim = @convention(c) (Int) -> Int32

    private static let mallocTrim: MallocTrim? = {
        #if canImport(Glibc)
        guard let address = dlsym(nil, "malloc_trim") else { return nil }
        return unsafeBitCast(address, to: MallocTrim.self)
        #else
        return nil
        #endif
    }()
}
