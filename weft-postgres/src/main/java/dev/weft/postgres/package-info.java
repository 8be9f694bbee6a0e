/**
 * The PostgreSQL store: the shared JDBC store with a PostgreSQL dialect, connections from a
 * HikariCP pool, opened for {@code jdbc:postgresql://} and {@code postgresql://} URLs.
 */
@NullMarked
package dev.weft.postgres;

import org.jspecify.annotations.NullMarked;
