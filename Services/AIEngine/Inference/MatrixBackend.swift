import CDNNL
import COpenBLAS

/// The library that computes the encoder's matrix products.
///
/// oneDNN is the default: it picks its kernels for the CPU it runs on (AVX2, AVX-512, AMX) when the
/// process starts, so one binary uses what each machine has. OpenBLAS is the portable path, kept
/// for comparison (`make bench` prints both) and as a fallback; on some machines its kernels are
/// pinned to AVX2 by the environment (`OPENBLAS_CORETYPE`).
public enum MatrixBackend: String, Sendable, CaseIterable {
    case oneDNN = "onednn"
    case openBLAS = "openblas"

    /// The backend a model uses unless told otherwise.
    public static let standard = MatrixBackend.oneDNN

    /// Whether one product may use several threads of the library's own. oneDNN's products run on
    /// the caller's thread only: the encoder splits the rows across its own workers instead, which
    /// avoids OpenMP's spinning threads competing with them for the cores.
    var threadsItself: Bool { self == .openBLAS }

    /// Makes the calling thread's products single-threaded (oneDNN runs on OpenMP; the setting is
    /// per thread). Called by each worker before its share.
    func enterWorker() {
        if self == .oneDNN { omp_set_num_threads(1) }
    }

    /// `c[m × n] = alpha · a[m × k] · op(b) + beta · c`, row-major, where op(b) is `b` (`k × n`) or,
    /// with `transposeB`, `bᵀ` for a `b` of `n × k`.
    @inline(__always)
    func gemm(transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
              beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        switch self {
        case .oneDNN:
            // The arguments are the encoder's own shapes; oneDNN refuses only inconsistent ones.
            _ = dnnl_sgemm(CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: transposeB ? "T" : "N")), Int64(m), Int64(n), Int64(k), alpha, a, Int64(lda),
                           b, Int64(ldb), beta, c, Int64(ldc))
        case .openBLAS:
            cblas_sgemm(CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), Int32(k), alpha,
                        a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        }
    }
}
