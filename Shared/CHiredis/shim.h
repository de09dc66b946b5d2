#ifndef MODPORTER_CHIREDIS_SHIM_H
#define MODPORTER_CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>
#include <hiredis/read.h>
#endif
