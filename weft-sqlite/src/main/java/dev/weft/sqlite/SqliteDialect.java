package dev.weft.sqlite;

import dev.weft.Durability;
import dev.weft.StoreException;
import dev.weft.spi.jdbc.Dialect;
import dev.weft.spi.jdbc.Tx;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * SQLite: WAL journal, a busy timeout for other processes, and the durability mode mapped to
 * {@code synchronous}: SAFE is FULL on every commit; EFFECTS is NORMAL, switched to FULL for the
 * commits that must reach the disk (the WAL sync then also covers every earlier commit); FAST is
 * OFF.
 */
final class SqliteDialect implements Dialect {
  private final Durability durability;
  private final long busyTimeoutMillis;
  private final Checkpointer checkpointer;

  SqliteDialect(Durability durability, long busyTimeoutMillis, Checkpointer checkpointer) {
    this.durability = durability;
    this.busyTimeoutMillis = busyTimeoutMillis;
    this.checkpointer = checkpointer;
  }

  static String synchronousFor(Durability durability) {
    return switch (durability) {
      case SAFE -> "FULL";
      case EFFECTS -> "NORMAL";
      case FAST -> "OFF";
    };
  }

  /** Batches save the driver's per-statement work (1,000 runs x 10 steps SAFE: about 8%). */
  @Override
  public boolean batchesStatements() {
    return true;
  }

  @Override
  public String name() {
    return "sqlite";
  }

  @Override
  public String bigint() {
    return "INTEGER";
  }

  @Override
  public String bytes() {
    return "BLOB";
  }

  @Override
  public String clusteredSuffix() {
    return " WITHOUT ROWID";
  }

  @Override
  public String generatedKey() {
    return "INTEGER PRIMARY KEY";
  }

  @Override
  public String forUpdate() {
    return "";
  }

  @Override
  public void configure(Connection c, boolean writer) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("PRAGMA busy_timeout = " + busyTimeoutMillis);
      // Fail on a file that is not a database before anything can write to it.
      st.executeQuery("SELECT count(*) FROM sqlite_master").close();
      if (writer) {
        try (ResultSet rs = st.executeQuery("PRAGMA journal_mode = WAL")) {
          if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) {
            throw new StoreException("cannot switch the SQLite database to WAL mode");
          }
        }
      }
      st.execute("PRAGMA synchronous = " + synchronousFor(durability));
      if (writer) {
        // Concurrent runs touch pages all over the tables; a 32 MiB cache keeps the writer
        // from re-reading them between group commits.
        st.execute("PRAGMA cache_size = -32768");
        // The checkpointer copies pages back off the writer's path; this is only a backstop.
        st.execute("PRAGMA wal_autocheckpoint = " + Checkpointer.BACKSTOP_FRAMES);
      }
    }
  }

  @Override
  public long reconnectMillis(SQLException e) {
    // SQLITE_BUSY without waiting: this connection read the file before another process
    // switched it to WAL, and SQLite will not let it wait for a lock it would deadlock on.
    return (e.getErrorCode() & 0xff) == 5 ? busyTimeoutMillis : 0;
  }

  /** BEGIN IMMEDIATE holds the file's one write lock: no other writer can take a key. */
  @Override
  public long lastRunKey(Tx tx) throws SQLException {
    try (java.sql.ResultSet rs = tx.prepare("SELECT COALESCE(MAX(id), 0) FROM weft_runs")
        .executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void begin(Tx tx, boolean flush) throws SQLException {
    if (flush && durability == Durability.EFFECTS) {
      tx.execute("PRAGMA synchronous = FULL");
    }
    tx.execute("BEGIN IMMEDIATE");
  }

  @Override
  public void commit(Tx tx, boolean flush) throws SQLException {
    tx.execute("COMMIT");
    if (flush && durability == Durability.EFFECTS) {
      tx.execute("PRAGMA synchronous = NORMAL");
    }
    checkpointer.committed();
  }

  @Override
  public void rollback(Tx tx) throws SQLException {
    if (!tx.connection().getAutoCommit()) {
      tx.connection().rollback();
    } else {
      tx.execute("ROLLBACK");
    }
    tx.execute("PRAGMA synchronous = " + synchronousFor(durability));
  }

  @Override
  public boolean hasForeignTables(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            + " AND name NOT LIKE 'weft\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%'"
            + " ESCAPE '\\'")) {
      return rs.next() && rs.getInt(1) > 0;
    }
  }

  @Override
  public boolean hasMetaTable(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            + " AND name = 'weft_meta'")) {
      return rs.next() && rs.getInt(1) > 0;
    }
  }

  @Override
  public RuntimeException translate(SQLException e, String location) {
    int code = e.getErrorCode() & 0xff;
    return switch (code) {
      case 26, 11 -> new StoreException(location + " is not a Weft SQLite database, or it is"
          + " corrupt (SQLite: " + e.getMessage() + ")", e);
      case 5, 6 -> new StoreException(location + " stayed locked by another process for longer"
          + " than the busy timeout of " + busyTimeoutMillis + " ms (SQLite: " + e.getMessage()
          + ")", e);
      case 8 -> new StoreException(location + " is read-only (SQLite: " + e.getMessage() + ")",
          e);
      case 14 -> new StoreException("cannot open " + location + " (SQLite: " + e.getMessage()
          + ")", e);
      default -> null;
    };
  }
}
