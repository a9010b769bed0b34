#ifndef FALACHEFE_CHIREDIS_SHIM_H
#define FALACHEFE_CHIREDIS_SHIM_H
/* hiredis from Debian's libhiredis-dev: command formatting and the reply parser. */
#include <hiredis/hiredis.h>
#include <hiredis/read.h>
#endif
