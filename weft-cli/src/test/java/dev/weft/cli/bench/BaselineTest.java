package dev.weft.cli.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/**
 * The baseline's connection is opened like the store's. With the driver's defaults every insert
 * is followed by a generated-key lookup the store never makes, which once made the baseline
 * slower than a raw commit and every ratio too high.
 */
class BaselineTest {
  @TempDir Path dir;

  @Test
  void theBaselineConnectionMakesNoGeneratedKeyLookup() throws Exception {
    try (Connection c = Baseline.connect(dir.resolve("scratch.db"))) {
      assertFalse(c.unwrap(SQLiteConnection.class).getConnectionConfig().isGetGeneratedKeys());
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE scratch (id INTEGER PRIMARY KEY, v BLOB NOT NULL)");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO scratch (v) VALUES (?)")) {
        ps.setBytes(1, new byte[48]);
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          assertFalse(keys.next(), "the driver looked the inserted row's key up");
        }
      }
    }
  }
}
