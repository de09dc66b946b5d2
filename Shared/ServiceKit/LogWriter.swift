#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// Where ``JSONLogHandler`` lines go: standard output, written in batches.
///
/// A request's log line costs a `write` system call when written alone, which on the gateway's
/// hot path was a measurable share of each request. Lines at `notice` and below are appended to a
/// buffer that a thread of its own writes out every ``interval`` (or at once past 64 KiB); a line
/// at `warning` or above writes the buffer and itself before the call returns, so what explains a
/// failure is never left behind in memory. The buffer is also written when the process exits
/// normally (`exit`, the end of `main`).
final class LogWriter: Sendable {
    /// The process's writer.
    static let shared = LogWriter()

    /// The longest an ordinary line waits in the buffer.
    let interval: Duration = .milliseconds(20)
    private static let limit = 64 << 10
    private let pending = Mutex([UInt8]())
    /// Keeps whole lines together when the flusher and an urgent line write at once.
    private let output = Mutex(())

    private init() {
        let thread = Thread { [self] in
            while true {
                Thread.sleep(forTimeInterval: Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18)
                flush()
            }
        }
        thread.name = "log-writer"
        thread.start()
        atexit { LogWriter.shared.flush() }
    }

    /// Queues `line` (a whole line, newline included); writes at once when `urgent`.
    func write(_ line: String, urgent: Bool) {
        let full = pending.withLock { buffer -> Bool in
            buffer.append(contentsOf: line.utf8)
            return buffer.count >= Self.limit
        }
        if urgent || full { flush() }
    }

    /// Writes out what is buffered.
    func flush() {
        output.withLock { _ in
            let bytes = pending.withLock { buffer -> [UInt8] in
                defer { buffer.removeAll(keepingCapacity: true) }
                return buffer
            }
            bytes.withUnsafeBytes { buffer in
                guard let base = buffer.baseAddress else { return }
                var offset = 0
                while offset < buffer.count {
                    let written = writeStandardOutput(base + offset, buffer.count - offset)
                    if written <= 0 { return }
                    offset += written
                }
            }
        }
    }
}

/// `write(2)` to standard output.
private func writeStandardOutput(_ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(1, bytes, count)
}
