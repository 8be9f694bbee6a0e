package dev.weft.cli.bench;

import dev.weft.Durability;
import dev.weft.sqlite.SqliteStoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * The raw commit rate a benchmark is compared with: single-row auto-commit inserts into a
 * scratch table of a database file in the same directory, with the same journal mode and
 * {@code synchronous} setting as the store under test, through a connection opened the way the
 * store opens its own.
 */
public final class Baseline {
  private static final long MIN_NANOS = 2_000_000_000L;
  private static final int MIN_ROWS = 500;

  private Baseline() {}

  static double sqliteCommitsPerSecond(Path scratch, Durability durability) throws Exception {
    return sqliteCommitsPerSecond(scratch, durability, MIN_NANOS);
  }

  /**
   * The same, measured for at least {@code minNanos} (and 500 rows). Public for
   * scripts/SqliteFloor.java, whose floors are measured against exactly this baseline.
   */
  public static double sqliteCommitsPerSecond(Path scratch, Durability durability, long minNanos)
      throws Exception {
    deleteWithSidecars(scratch);
    try (Connection c = connect(scratch)) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA journal_mode = WAL");
        st.execute("PRAGMA synchronous = " + switch (durability) {
          case SAFE -> "FULL";
          case EFFECTS -> "NORMAL";
          case FAST -> "OFF";
        });
        st.execute("CREATE TABLE scratch (id INTEGER PRIMARY KEY, v BLOB NOT NULL)");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO scratch (v) VALUES (?)")) {
        return insertsPerSecond(ps, minNanos);
      }
    } finally {
      deleteWithSidecars(scratch);
    }
  }

  /**
   * A connection to {@code file} with the store's connection options: in particular no
   * generated-key lookup, which adds a query to every insert and would make the baseline slower
   * than a raw commit.
   */
  static Connection connect(Path file) throws java.sql.SQLException {
    return SqliteStoreProvider.connectionOptions().createConnection("jdbc:sqlite:" + file);
  }

  /**
   * Runs {@code insert} (one parameter: the row's bytes) in auto-commit, warming up the driver
   * and the page cache first, for at least two seconds and 500 rows; returns rows per second.
   */
  static double insertsPerSecond(PreparedStatement insert) throws java.sql.SQLException {
    return insertsPerSecond(insert, MIN_NANOS);
  }

  private static double insertsPerSecond(PreparedStatement insert, long minNanos)
      throws java.sql.SQLException {
    byte[] value = new byte[48];
    for (int i = 0; i < 200; i++) {
      insert.setBytes(1, value);
      insert.executeUpdate();
    }
    long start = System.nanoTime();
    long rows = 0;
    long elapsed;
    do {
      insert.setBytes(1, value);
      insert.executeUpdate();
      rows++;
      elapsed = System.nanoTime() - start;
    } while (elapsed < minNanos || rows < MIN_ROWS);
    return rows / (elapsed / 1e9);
  }

  private static void deleteWithSidecars(Path p) throws java.io.IOException {
    Files.deleteIfExists(p);
    Files.deleteIfExists(p.resolveSibling(p.getFileName() + "-wal"));
    Files.deleteIfExists(p.resolveSibling(p.getFileName() + "-shm"));
  }
}
