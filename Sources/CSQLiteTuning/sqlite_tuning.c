#include "sqlite_tuning.h"

/* sqlite-nio's bundled SQLite (its VaporCSQLite target) prefixes every symbol with
   `sqlite_nio_`; its header is not visible from here, so the one function used is
   declared as sqlite3.h declares it. */
extern int sqlite_nio_sqlite3_db_config(void *connection, int op, ...);

/* SQLITE_DBCONFIG_ENABLE_QPSG in sqlite3.h. */
enum { falachefe_dbconfig_enable_qpsg = 1007 };

int falachefe_sqlite_enable_qpsg(void *connection) {
    int enabled = 0;
    return sqlite_nio_sqlite3_db_config(connection, falachefe_dbconfig_enable_qpsg, 1, &enabled);
}
