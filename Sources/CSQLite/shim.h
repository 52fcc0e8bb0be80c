#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro Swift cannot import: expose it as a function.
static inline sqlite3_destructor_type csqlite_transient(void) {
    return (sqlite3_destructor_type)-1;
}

// sqlite3_db_config is variadic, which Swift cannot call: the settings kg
// turns on for every connection. Defensive mode forbids writing the schema
// table directly; an untrusted schema may not call functions with side
// effects from views, triggers or index expressions.
static inline int csqlite_harden(sqlite3 *db) {
    int rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)0);
    if (rc != SQLITE_OK) return rc;
    return sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)0);
}
