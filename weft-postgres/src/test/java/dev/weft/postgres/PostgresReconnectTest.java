package dev.weft.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.RunInfo;
import dev.weft.RunStatus;
import dev.weft.Weft;
import dev.weft.spi.jdbc.JdbcStore;
import dev.weft.testing.Counter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server drops every connection of an open store (as a restart or an administrator's
 * pg_terminate_backend would): the next writes go through a new write connection, transparently,
 * and reads through new pooled connections.
 */
class PostgresReconnectTest {
  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @Test
  void aWriteConnectionTheServerDroppedIsReplacedAndRunsGoOn() throws Exception {
    try (Weft weft = Weft.open(db.url())) {
      assertEquals(RunStatus.COMPLETED,
          weft.run(new Counter(), "before", new Counter.Input(3)).status());
      assertTrue(dropConnections() >= 1, "the store's connections were dropped");
      RunInfo after = weft.run(new Counter(), "after", new Counter.Input(3));
      assertEquals(RunStatus.COMPLETED, after.status());
      assertEquals(3, after.result(Integer.class));
      assertTrue(weft.inspector().verify("after").intact());
      assertTrue(weft.inspector().verify("before").intact());
      assertEquals(1, ((JdbcStore) weft.store()).groupCommitCounts()[3],
          "write connection replaced once");
    }
  }

  /** Terminates every other backend connected to this class's database; returns how many. */
  private static int dropConnections() throws SQLException {
    try (Connection c = DriverManager.getConnection(db.url());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))"
            + " FROM pg_stat_activity WHERE datname = current_database()"
            + " AND pid <> pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
