#ifndef FALACHEFE_SQLITE_TUNING_H
#define FALACHEFE_SQLITE_TUNING_H

/// Turns on SQLite's query planner stability guarantee (SQLITE_DBCONFIG_ENABLE_QPSG) for
/// `connection`, a `sqlite3 *` of the SQLite sqlite-nio bundles. Returns SQLite's result
/// code. A C function because `sqlite3_db_config` is variadic, which Swift cannot call.
int falachefe_sqlite_enable_qpsg(void *connection);

#endif
