// oneDNN's C interface (Debian's libdnnl-dev): its sgemm picks the kernels for the CPU it runs on
// (AVX2, AVX-512, AMX) at run time. Debian builds it on OpenMP (libgomp); a caller that splits work
// across threads of its own makes each product single-threaded with omp_set_num_threads(1).
#include <oneapi/dnnl/dnnl.h>
void omp_set_num_threads(int);
