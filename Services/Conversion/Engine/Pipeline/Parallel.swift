import Foundation

/// Independent work over the elements of an array, spread across threads, with the results in the
/// array's order, so what the engine writes does not depend on how the work was split.
enum Parallel {
    /// `transform` of each element, in order, computed on up to `parallelism` threads. Elements are
    /// dealt to the threads in turn from the most to the least costly (by `cost`), so one large
    /// element does not leave the other threads idle at the end.
    static func map<Element, Result>(
        _ elements: [Element], parallelism: Int, cost: (Element) -> Int, _ transform: (Element) -> Result
    ) -> [Result] {
        let workers = min(max(1, parallelism), elements.count)
        guard workers > 1 else { return elements.map(transform) }
        // Largest first, each to the thread with the least work so far.
        let costs = elements.map { max(1, cost($0)) }
        var shares = [[Int]](repeating: [], count: workers)
        var loads = [Int](repeating: 0, count: workers)
        for index in elements.indices.sorted(by: { costs[$0] > costs[$1] }) {
            let lightest = loads.indices.min { loads[$0] < loads[$1] } ?? 0
            shares[lightest].append(index)
            loads[lightest] += costs[index]
        }
        let results = UnsafeMutableBufferPointer<Result?>.allocate(capacity: elements.count)
        results.initialize(repeating: nil)
        defer {
            results.deinitialize()
            results.deallocate()
        }
        withoutActuallyEscaping(transform) { transform in
            // Each thread writes only the slots of its own share.
            let work = Unchecked((elements, shares, results, transform))
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let (elements, shares, results, transform) = work.value
                for index in shares[worker] { results[index] = transform(elements[index]) }
            }
        }
        // Every slot was written by its thread.
        return results.compactMap { $0 }
    }
}

/// Hands values the compiler cannot prove safe to threads that never touch the same parts of them.
private struct Unchecked<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
