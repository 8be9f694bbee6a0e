package dev.weft.spi.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What one SQL database does differently from the others. The queries themselves are shared
 * (standard SQL with {@code ON CONFLICT} and {@code RETURNING}); a dialect supplies types for
 * the schema, connection set-up, transaction control and error translation.
 */
public interface Dialect {
  /** A short name for messages, e.g. {@code sqlite}. */
  String name();

  /** Column type for 64-bit integers. */
  String bigint();

  /** Column type for byte strings. */
  String bytes();

  /** Suffix for tables keyed by their primary key only (e.g. SQLite's WITHOUT ROWID). */
  String clusteredSuffix();

  /** Column definition of an auto-generated integer primary key. */
  String generatedKey();

  /** Locking suffix for a SELECT that reads a row it will update in the same transaction. */
  String forUpdate();

  /**
   * Locking suffix for a SELECT that claims rows: like {@link #forUpdate}, but rows another
   * transaction has locked are skipped instead of waited for (PostgreSQL's SKIP LOCKED).
   */
  default String skipLocked() {
    return forUpdate();
  }

  /** Prepares a new connection (pragmas, session settings); {@code writer} if it writes. */
  void configure(Connection connection, boolean writer) throws SQLException;

  /**
   * How long to keep opening a fresh connection when {@link #configure} failed with {@code e}
   * because another process was setting the same database up at that moment; zero to give up at
   * once. SQLite refuses, without waiting, a connection that read a new file just before another
   * one switched it to WAL; a fresh connection sees the switch.
   */
  default long reconnectMillis(SQLException e) {
    return 0;
  }

  /**
   * Whether the step commits of one group commit are sent as JDBC batches (one execution per
   * statement and transaction) rather than one statement at a time: on a server each statement
   * is a round trip; an embedded database saves the driver's per-statement work.
   */
  default boolean batchesStatements() {
    return false;
  }

  /**
   * The largest run key in use, read inside the current write transaction, or -1 when run keys
   * come only from the database (a sequence shared with other writers). A dialect whose write
   * transaction excludes every other writer lets the keys after it be handed out by the writer,
   * so that creations join the statement batches of a group commit.
   */
  default long lastRunKey(Tx tx) throws SQLException {
    return -1;
  }

  /** Starts a write transaction. {@code flush}: the transaction must reach stable storage. */
  void begin(Tx tx, boolean flush) throws SQLException;

  /** Commits the transaction started by {@link #begin}. */
  void commit(Tx tx, boolean flush) throws SQLException;

  void rollback(Tx tx) throws SQLException;

  /** Whether the database already has tables that are not Weft's (then we refuse to touch it). */
  boolean hasForeignTables(Connection connection) throws SQLException;

  /** Whether Weft's meta table exists. */
  boolean hasMetaTable(Connection connection) throws SQLException;

  /** Extra schema statements (indexes, notify triggers) after the shared ones, per version. */
  default List<String> extraSchema(int version) {
    return List.of();
  }

  /** Turns a driver error into a Weft error with a clear message, or returns null to keep it. */
  default RuntimeException translate(SQLException e, String location) {
    return null;
  }
}
