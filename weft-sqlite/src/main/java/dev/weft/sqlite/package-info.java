/** The embedded default store: one SQLite file, WAL mode, group commit. */
@NullMarked
package dev.weft.sqlite;

import org.jspecify.annotations.NullMarked;
