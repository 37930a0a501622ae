#ifndef CURATE_CINFLATE_SHIM_H
#define CURATE_CINFLATE_SHIM_H
#include <zlib.h>
#endif
