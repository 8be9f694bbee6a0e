/**
 * The JDBC base every SQL backend shares: schema, queries, group commit. A backend supplies a
 * {@link dev.weft.spi.jdbc.Dialect} for what its database does differently.
 */
@NullMarked
package dev.weft.spi.jdbc;

import org.jspecify.annotations.NullMarked;
