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

  void migrate(Connection c, boolean create) {
    try {
      int version = currentVersion(c);
      if (version > Schema.CURRENT) {
        throw new StoreException(description + " was written by a newer Weft (schema version "
            + version + "); this build understands up to " + Schema.CURRENT
            + ". Upgrade Weft to open it.");
      }
      if (version == Schema.CURRENT) {
        return;
      }
      if (version == 0 && !create) {
        throw new StoreException("no Weft database at " + description);
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
      RuntimeException mine = dialect.translate(e, description);
      throw mine != null ? mine : new StoreException("cannot open " + description + ": "
          + e.getMessage(), e);
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
