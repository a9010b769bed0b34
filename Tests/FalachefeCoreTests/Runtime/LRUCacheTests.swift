import FalachefeCore
import Testing

/// The bounded least-recently-used cache.
@Suite("LRUCache")
struct LRUCacheTests {
    @Test("inserting past capacity evicts the least recently used entry and returns it")
    func evictsLeastRecent() {
        var cache = LRUCache<String, Int>(capacity: 2)
        let result0 = cache.set(1, for: "a")
        #expect(result0 == nil)
        let result1 = cache.set(2, for: "b")
        #expect(result1 == nil)
        let evicted = cache.set(3, for: "c")
        #expect(evicted?.key == "a" && evicted?.value == 1)
        #expect(cache.count == 2)
        let result2 = cache.value(for: "a")
        #expect(result2 == nil)
        #expect(cache.keysLeastRecentFirst == ["b", "c"])
    }

    @Test("reading an entry makes it most recently used")
    func readRefreshes() {
        var cache = LRUCache<String, Int>(capacity: 2)
        cache.set(1, for: "a")
        cache.set(2, for: "b")
        let result3 = cache.value(for: "a")
        #expect(result3 == 1)
        let result4 = cache.set(3, for: "c")
        #expect(result4?.key == "b")
        #expect(cache.keysLeastRecentFirst == ["a", "c"])
    }

    @Test("peek does not touch recency")
    func peekKeepsOrder() {
        var cache = LRUCache<String, Int>(capacity: 2)
        cache.set(1, for: "a")
        cache.set(2, for: "b")
        #expect(cache.peek("a") == 1)
        let result5 = cache.set(3, for: "c")
        #expect(result5?.key == "a")
    }

    @Test("replacing a value refreshes it and never evicts")
    func replaceRefreshes() {
        var cache = LRUCache<String, Int>(capacity: 2)
        cache.set(1, for: "a")
        cache.set(2, for: "b")
        let result6 = cache.set(10, for: "a")
        #expect(result6 == nil)
        #expect(cache.count == 2)
        #expect(cache.peek("a") == 10)
        let result7 = cache.set(3, for: "c")
        #expect(result7?.key == "b")
    }

    @Test("removal frees a slot; removeAll(where:) drops matching values")
    func removal() {
        var cache = LRUCache<String, Int>(capacity: 3)
        for (index, key) in ["a", "b", "c"].enumerated() { cache.set(index, for: key) }
        let result8 = cache.removeValue(for: "b")
        #expect(result8 == 1)
        let result9 = cache.removeValue(for: "b")
        #expect(result9 == nil)
        let result10 = cache.set(4, for: "d")
        #expect(result10 == nil)
        #expect(cache.keysLeastRecentFirst == ["a", "c", "d"])
        cache.removeAll { $0 < 3 }  // a (0) and c (2)
        #expect(cache.keysLeastRecentFirst == ["d"])
        cache.removeAll { _ in true }
        #expect(cache.count == 0)
        #expect(cache.keysLeastRecentFirst.isEmpty)
        cache.set(9, for: "z")
        #expect(cache.keysLeastRecentFirst == ["z"])
    }

    @Test("optional values: a cached nil is distinct from a missing key")
    func optionalValues() {
        var cache = LRUCache<String, Int?>(capacity: 2)
        cache.set(nil, for: "unknown")
        let result11 = cache.value(for: "unknown")
        #expect(result11 == .some(nil))
        let result12 = cache.value(for: "missing")
        #expect(result12 == nil)
    }

    @Test("randomised operations agree with a simple reference model")
    func matchesReference() {
        var generator = SeededGenerator(seed: 7)
        var cache = LRUCache<Int, Int>(capacity: 5)
        var reference: [(key: Int, value: Int)] = []  // least recent first
        for step in 0..<5_000 {
            let key = Int.random(in: 0..<9, using: &generator)
            switch Int.random(in: 0..<4, using: &generator) {
            case 0:
                let evicted = cache.set(step, for: key)
                if let index = reference.firstIndex(where: { $0.key == key }) {
                    reference.remove(at: index)
                    #expect(evicted == nil)
                } else if reference.count == 5 {
                    let expected = reference.removeFirst()
                    #expect(evicted?.key == expected.key && evicted?.value == expected.value)
                }
                reference.append((key, step))
            case 1:
                let index = reference.firstIndex { $0.key == key }
                let result13 = cache.value(for: key)
                #expect(result13 == index.map { reference[$0].value })
                if let index { reference.append(reference.remove(at: index)) }
            case 2:
                #expect(cache.peek(key) == reference.first { $0.key == key }?.value)
            default:
                let index = reference.firstIndex { $0.key == key }
                let result14 = cache.removeValue(for: key)
                #expect(result14 == index.map { reference[$0].value })
                if let index { reference.remove(at: index) }
            }
            #expect(cache.keysLeastRecentFirst == reference.map(\.key))
            #expect(cache.count == reference.count)
        }
    }
}
