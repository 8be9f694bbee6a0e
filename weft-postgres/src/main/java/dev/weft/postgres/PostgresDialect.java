package dev.weft.postgres;

import dev.weft.Durability;
import dev.weft.spi.jdbc.Dialect;
import dev.weft.spi.jdbc.Tx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL: transactions through the driver's auto-commit switch, and the durability mode
 * mapped to {@code synchronous_commit}: SAFE waits for the WAL flush on every commit; EFFECTS
 * commits asynchronously except the commits that must reach the disk, which set it back on for
 * their own transaction (waiting for that commit record's flush also covers every earlier
 * commit); FAST never waits. An acknowledged asynchronous commit survives the Weft process
 * crashing; only a crash of the database server itself can take the last moments back.
 */
final class PostgresDialect implements Dialect {
  private final Durability durability;
  private final long lockTimeoutMillis;

  PostgresDialect(Durability durability, long lockTimeoutMillis) {
    this.durability = durability;
    this.lockTimeoutMillis = lockTimeoutMillis;
  }

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public String bigint() {
    return "BIGINT";
  }

  @Override
  public String bytes() {
    return "BYTEA";
  }

  @Override
  public String clusteredSuffix() {
    return "";
  }

  @Override
  public String generatedKey() {
    return "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
  }

  @Override
  public String forUpdate() {
    return " FOR UPDATE";
  }

  @Override
  public String skipLocked() {
    return " FOR UPDATE SKIP LOCKED";
  }

  @Override
  public List<String> extraSchema(int version) {
    return version == 1 ? PostgresNotices.schema() : List.of();
  }

  @Override
  public void configure(Connection c, boolean writer) throws SQLException {
    c.setAutoCommit(true);
    if (writer) {
      try (Statement st = c.createStatement()) {
        st.execute("SET synchronous_commit = " + (durability == Durability.SAFE ? "on" : "off"));
        // The counterpart of SQLite's busy timeout: how long a row lock held by another
        // process (a claim's SELECT ... FOR UPDATE) may keep this writer waiting.
        st.execute("SET lock_timeout = " + lockTimeoutMillis);
      }
    }
  }

  @Override
  public boolean batchesStatements() {
    return true;
  }

  @Override
  public void begin(Tx tx, boolean flush) throws SQLException {
    tx.connection().setAutoCommit(false);
    if (flush && durability == Durability.EFFECTS) {
      tx.execute("SET LOCAL synchronous_commit = on");
    }
  }

  @Override
  public void commit(Tx tx, boolean flush) throws SQLException {
    Connection c = tx.connection();
    c.commit();
    c.setAutoCommit(true);
  }

  @Override
  public void rollback(Tx tx) throws SQLException {
    Connection c = tx.connection();
    if (!c.getAutoCommit()) {
      c.rollback();
      c.setAutoCommit(true);
    }
  }

  @Override
  public boolean hasForeignTables(Connection c) throws SQLException {
    return count(c, "SELECT count(*) FROM information_schema.tables"
        + " WHERE table_schema = current_schema() AND table_name NOT LIKE 'weft\\_%' ESCAPE '\\'")
        > 0;
  }

  @Override
  public boolean hasMetaTable(Connection c) throws SQLException {
    return count(c, "SELECT count(*) FROM information_schema.tables"
        + " WHERE table_schema = current_schema() AND table_name = 'weft_meta'") > 0;
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  @Override
  public @Nullable RuntimeException translate(SQLException e, String location) {
    return PostgresErrors.translate(e, location, lockTimeoutMillis);
  }
}
