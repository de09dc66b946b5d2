import Foundation

/// A lock for async code: one holder at a time, waiters served in order.
public actor TurnLock {
    /// Tests that bring up stacks of their own (PostgreSQL, Redis, service processes) take turns:
    /// several at once on two cores starve every suite running beside them.
    public static let stacks = TurnLock()

    public init() {}

    private var held = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public func acquire() async {
        if !held {
            held = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    public func release() {
        if waiters.isEmpty { held = false } else { waiters.removeFirst().resume() }
    }
}
