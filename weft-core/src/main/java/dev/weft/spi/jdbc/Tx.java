package dev.weft.spi.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * A connection with its prepared statements kept open, so the hot write path prepares each
 * statement once per connection instead of once per commit. Statements handed out belong to
 * the cache: callers must not close them.
 */
public final class Tx implements AutoCloseable {
  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  Tx(Connection connection) {
    this.connection = connection;
  }

  public Connection connection() {
    return connection;
  }

  /**
   * The cached statement for {@code sql}. Parameters keep their previous values: callers bind
   * every parameter each time.
   */
  public PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  /** Executes a parameterless statement through the cache (BEGIN, COMMIT, PRAGMA...). */
  public void execute(String sql) throws SQLException {
    prepare(sql).execute();
  }

  @Override
  public void close() {
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
    statements.clear();
  }
}
