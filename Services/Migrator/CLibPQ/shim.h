#ifndef MODPORTER_CLIBPQ_SHIM_H
#define MODPORTER_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
