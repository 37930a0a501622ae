#ifndef CURATE_CZSTD_SHIM_H
#define CURATE_CZSTD_SHIM_H
#include <zstd.h>
#include <zstd_errors.h>
#endif
