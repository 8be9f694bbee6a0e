package dev.weft.spi.jdbc;

import dev.weft.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Brings a database to {@link Schema#CURRENT} on open: creates the schema in an empty database,
 * applies missing migrations in one transaction, and refuses a database that is not Weft's or
 * that a newer Weft wrote.
 */
final class Migrator {
  private final Dialect dialect;
  private final String description;

  Migrator(Dialect dialect, String description) {
    this.dialect = dialect;
    this.description = description;
  }

  /**
   * Refuses, without writing anything, a database this build must not open: not Weft's, written
   * by a newer Weft, or missing when it may not be created. Run on a read connection before the
   * write connection is set up, since that set-up (e.g. switching to WAL) changes the file.
   */
  void check(Connection c, boolean create) {
    try {
      check(currentVersion(c), create);
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  private void check(int version, boolean create) {
    if (version > Schema.CURRENT) {
      throw new StoreException(description + " was written by a newer Weft (schema version "
          + version + "); this build understands up to " + Schema.CURRENT
          + ". Upgrade Weft to open it.");
    }
    if (version == 0 && !create) {
      throw new StoreException("no Weft database at " + description);
    }
  }

  private RuntimeException translate(SQLException e) {
    RuntimeException mine = dialect.translate(e, description);
    return mine != null ? mine : new StoreException("cannot open " + description + ": "
        + e.getMessage(), e);
  }

  void migrate(Connection c, boolean create) {
    try {
      int version = currentVersion(c);
      check(version, create);
      if (version == Schema.CURRENT) {
        return;
      }
      Tx tx = new Tx(c);
      dialect.begin(tx, true);
      try {
        // Re-read inside the write transaction: another process may have migrated meanwhile.
        int now = currentVersion(c);
        if (now > Schema.CURRENT) {
          throw new StoreException(description + " was written by a newer Weft (schema version "
              + now + ")");
        }
        try (Statement st = c.createStatement()) {
          for (int v = now + 1; v <= Schema.CURRENT; v++) {
            for (String sql : Schema.migration(v, dialect)) {
              st.execute(sql);
            }
          }
        }
        writeVersion(c, now);
        dialect.commit(tx, true);
      } catch (SQLException | RuntimeException e) {
        dialect.rollback(tx);
        throw e;
      } finally {
        tx.close();
      }
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  private int currentVersion(Connection c) throws SQLException {
    if (!dialect.hasMetaTable(c)) {
      if (dialect.hasForeignTables(c)) {
        throw new StoreException(description + " is a database but not a Weft database (it has"
            + " other tables and no weft_meta); refusing to change it");
      }
      return 0;
    }
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT value FROM weft_meta WHERE name = 'schema_version'");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new StoreException(description + " has a weft_meta table without a schema"
            + " version; it is damaged");
      }
      try {
        return Integer.parseInt(rs.getString(1));
      } catch (NumberFormatException e) {
        throw new StoreException(description + " has an unreadable schema version '"
            + rs.getString(1) + "'");
      }
    }
  }

  private void writeVersion(Connection c, int previous) throws SQLException {
    String sql = previous == 0
        ? "INSERT INTO weft_meta (name, value) VALUES ('schema_version', ?)"
        : "UPDATE weft_meta SET value = ? WHERE name = 'schema_version'";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, Integer.toString(Schema.CURRENT));
      ps.executeUpdate();
    }
    if (previous == 0) {
      try (Statement st = c.createStatement()) {
        st.execute("INSERT INTO weft_meta (name, value) VALUES ('last_flush', '0')");
      }
    }
  }
}
