/// A bounded least-recently-used cache. Reads refresh recency; inserting past `capacity`
/// evicts the least recently used entry. O(1) get/set using a doubly linked list over
/// array slots.
public struct LRUCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Node: Sendable {
        var key: Key
        var value: Value
        var previous: Int?
        var next: Int?
    }

    public let capacity: Int
    private var index: [Key: Int] = [:]
    private var nodes: [Node] = []
    private var free: [Int] = []
    private var head: Int?
    private var tail: Int?

    public init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    public var count: Int { index.count }

    /// The value for `key`, marking it most recently used.
    public mutating func value(for key: Key) -> Value? {
        guard let slot = index[key] else { return nil }
        moveToFront(slot)
        return nodes[slot].value
    }

    /// The value without touching recency.
    public func peek(_ key: Key) -> Value? {
        index[key].map { nodes[$0].value }
    }

    /// Inserts or replaces; returns the evicted entry, if any.
    @discardableResult
    public mutating func set(_ value: Value, for key: Key) -> (key: Key, value: Value)? {
        if let slot = index[key] {
            nodes[slot].value = value
            moveToFront(slot)
            return nil
        }
        var evicted: (Key, Value)?
        if index.count >= capacity, let last = tail {
            evicted = (nodes[last].key, nodes[last].value)
            remove(slot: last)
        }
        let node = Node(key: key, value: value, previous: nil, next: head)
        let slot: Int
        if let reused = free.popLast() {
            nodes[reused] = node
            slot = reused
        } else {
            nodes.append(node)
            slot = nodes.count - 1
        }
        if let head { nodes[head].previous = slot }
        head = slot
        if tail == nil { tail = slot }
        index[key] = slot
        return evicted
    }

    @discardableResult
    public mutating func removeValue(for key: Key) -> Value? {
        guard let slot = index[key] else { return nil }
        let value = nodes[slot].value
        remove(slot: slot)
        return value
    }

    /// Removes every entry whose value matches.
    public mutating func removeAll(where shouldRemove: (Value) -> Bool) {
        for slot in index.values where shouldRemove(nodes[slot].value) {
            remove(slot: slot)
        }
    }

    /// Keys from least to most recently used.
    public var keysLeastRecentFirst: [Key] {
        var keys: [Key] = []
        var cursor = tail
        while let slot = cursor {
            keys.append(nodes[slot].key)
            cursor = nodes[slot].previous
        }
        return keys
    }

    private mutating func moveToFront(_ slot: Int) {
        guard head != slot else { return }
        unlink(slot)
        nodes[slot].previous = nil
        nodes[slot].next = head
        if let head { nodes[head].previous = slot }
        head = slot
        if tail == nil { tail = slot }
    }

    private mutating func unlink(_ slot: Int) {
        let previous = nodes[slot].previous
        let next = nodes[slot].next
        if let previous { nodes[previous].next = next } else { head = next }
        if let next { nodes[next].previous = previous } else { tail = previous }
    }

    private mutating func remove(slot: Int) {
        unlink(slot)
        index[nodes[slot].key] = nil
        free.append(slot)
    }
}
