#ifndef CURATE_CLAPACKE_SHIM_H
#define CURATE_CLAPACKE_SHIM_H
#include <lapacke.h>
#endif
