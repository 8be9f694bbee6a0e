package dev.weft.sqlite;

import static dev.weft.spi.StoreFixtures.T0;
import static dev.weft.spi.StoreFixtures.commit;
import static dev.weft.spi.StoreFixtures.newRun;
import static dev.weft.spi.StoreFixtures.show;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Durability;
import dev.weft.StoreException;
import dev.weft.spi.EntryKind;
import dev.weft.spi.RunRecord;
import dev.weft.spi.StoreFixtures;
import dev.weft.spi.StoreOptions;
import dev.weft.spi.jdbc.JdbcStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What only the SQLite store does: the file, its mode, its schema, and refusing bad files. */
class SqliteStoreTest {
  @TempDir Path dir;

  @Test
  void theDatabaseFileIsInWalMode() throws Exception {
    Path file = dir.resolve("w.db");
    SqliteStoreProvider.open(file, StoreOptions.defaults()).close();
    assertEquals("wal", query(file, "PRAGMA journal_mode"));
  }

  @Test
  @Timeout(120)
  void twoStoresOpeningANewFileAtTheSameMomentBothOpenIt() throws Exception {
    // SQLite refuses, without waiting, a connection that read the empty file just before the
    // other switched it to WAL; about one pair in ten hit that before the store reconnected.
    List<String> failures = new ArrayList<>();
    try (var executor = java.util.concurrent.Executors.newFixedThreadPool(2)) {
      for (int i = 0; i < 100; i++) {
        Path file = dir.resolve("pair-" + i + ".db");
        var barrier = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.Callable<String> open = () -> {
          barrier.await();
          try (JdbcStore store = SqliteStoreProvider.open(file, StoreOptions.defaults())) {
            store.create(newRun("r-" + Thread.currentThread().threadId()));
            return "ok";
          } catch (StoreException e) {
            return e.getMessage();
          }
        };
        var a = executor.submit(open);
        var b = executor.submit(open);
        for (String outcome : List.of(a.get(), b.get())) {
          if (!outcome.equals("ok")) {
            failures.add(file.getFileName() + ": " + outcome);
          }
        }
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  @Timeout(60)
  void committedPagesAreCopiedIntoTheDatabaseFileByTheCheckpointerWhileTheStoreIsOpen()
      throws Exception {
    Path file = dir.resolve("w.db");
    try (JdbcStore store = SqliteStoreProvider.open(file, StoreOptions.defaults())) {
      Checkpointer checkpointer = ((SqliteStoreProvider.SqliteStore) store).checkpointer();
      long before = Files.size(file);
      // A few pages per commit: far below the writer's own auto-checkpoint size, so only the
      // checkpointer copies them back while the store is open.
      int commits = 0;
      while (checkpointer.checkpoints() < 3 && commits < 20_000) {
        store.create(newRun("r" + commits++));
        if (commits % 500 == 0) {
          Thread.sleep(20);
        }
      }
      assertTrue(checkpointer.checkpoints() >= 3, "checkpoints after " + commits + " commits");
      assertTrue(commits * 3L < Checkpointer.BACKSTOP_FRAMES, commits + " commits");
      assertTrue(Files.size(file) > before, before + " -> " + Files.size(file));
    }
    assertFalse(Files.exists(dir.resolve("w.db-wal")), "the last close removes the WAL");
  }

  @Test
  void theSchemaVersionIsRecordedInWeftMeta() throws Exception {
    Path file = dir.resolve("w.db");
    String description;
    try (JdbcStore store = SqliteStoreProvider.open(file, StoreOptions.defaults())) {
      description = store.describe();
    }
    String version = query(file, "SELECT value FROM weft_meta WHERE name = 'schema_version'");
    assertTrue(Integer.parseInt(version) >= 1, version);
    assertTrue(description.endsWith("(schema " + version + ")"), description);
  }

  @Test
  void reopeningAnExistingFileKeepsItsRuns() {
    Path file = dir.resolve("w.db");
    byte[] big = new byte[200_000];
    new Random(3).nextBytes(big);
    List<String> journal;
    String run;
    try (JdbcStore store = SqliteStoreProvider.open(file, StoreOptions.defaults())) {
      RunRecord r = store.create(newRun("r1", "def", T0, "A", T0 + 1000)).run();
      store.commit(commit(r).step(T0 + 1, "{\"n\":1}")
          .blobEntry(EntryKind.TOOL_RESULT, 1, T0 + 2, big).build());
      RunRecord after = store.find("r1").orElseThrow();
      run = show(after);
      journal = show(store.journal(after.key(), 0, 10));
    }
    try (JdbcStore store = SqliteStoreProvider.open(file, StoreOptions.defaults()
        .withCreate(false))) {
      RunRecord r = store.find("r1").orElseThrow();
      assertEquals(run, show(r));
      assertEquals(journal, show(store.journal(r.key(), 0, 10)));
      assertArrayEquals(big, store.blob(StoreFixtures.blob(big).hash())
          .orElseThrow());
    }
  }

  @Test
  void aDatabaseOfANewerSchemaIsRefusedAndLeftUnchanged() throws Exception {
    Path file = dir.resolve("w.db");
    SqliteStoreProvider.open(file, StoreOptions.defaults()).close();
    String current = query(file, "SELECT value FROM weft_meta WHERE name = 'schema_version'");
    execute(file, "UPDATE weft_meta SET value = '999' WHERE name = 'schema_version'");
    StoreException e = refusedUnchanged(file);
    assertTrue(e.getMessage().contains("schema version 999"), e.getMessage());
    assertTrue(e.getMessage().contains("up to " + current), e.getMessage());
  }

  @Test
  void aCorruptFileIsRefusedAndLeftUnchanged() throws Exception {
    Path file = dir.resolve("corrupt.db");
    byte[] noise = new byte[16 * 1024];
    new Random(11).nextBytes(noise);
    Files.write(file, noise);
    StoreException e = refusedUnchanged(file);
    assertTrue(e.getMessage().contains("corrupt.db"), e.getMessage());
    assertTrue(e.getMessage().contains("not a Weft SQLite database, or it is corrupt"),
        e.getMessage());
  }

  @Test
  void aDatabaseWithOtherTablesIsRefusedAndLeftUnchanged() throws Exception {
    Path file = dir.resolve("shop.db");
    execute(file, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
    execute(file, "INSERT INTO customers (name) VALUES ('ada')");
    StoreException e = refusedUnchanged(file);
    assertTrue(e.getMessage().contains("not a Weft database"), e.getMessage());
    assertEquals("ada", query(file, "SELECT name FROM customers"));
  }

  @Test
  void openingAMissingFileWithoutCreateFailsAndCreatesNoFile() throws Exception {
    Path file = dir.resolve("missing.db");
    StoreException e = assertThrows(StoreException.class, () -> SqliteStoreProvider.open(file,
        StoreOptions.defaults().withCreate(false)));
    assertTrue(e.getMessage().contains("missing.db"), e.getMessage());
    assertFalse(Files.exists(file));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(), files.toList());
    }
  }

  @Test
  void aBlobCommittedByTwoRunsIsStoredOnce() {
    byte[] bytes = "shared".repeat(1000).getBytes(StandardCharsets.UTF_8);
    try (JdbcStore store = SqliteStoreProvider.open(dir.resolve("w.db"),
        StoreOptions.defaults())) {
      for (String id : List.of("r1", "r2")) {
        RunRecord r = store.create(newRun(id, "def", T0, "A", T0 + 1000)).run();
        store.commit(commit(r).blobEntry(EntryKind.TOOL_RESULT, 0, T0 + 1, bytes).build());
      }
      assertEquals(1, store.countRows("weft_blobs"));
      assertEquals(6, store.countRows("weft_journal") + store.countRows("weft_runs"));
    }
  }

  /**
   * Another connection holds the write lock, so the first committer to lead waits inside its
   * transaction while every other committer queues behind it; once the lock is free, the queued
   * commits must go out together rather than one transaction each.
   */
  @Test
  @Timeout(60)
  void concurrentCommittersShareTransactions() throws Exception {
    Path file = dir.resolve("w.db");
    int committers = 12;
    try (JdbcStore store = SqliteStoreProvider.open(file, StoreOptions.defaults())) {
      List<RunRecord> runs = new ArrayList<>();
      for (int i = 0; i < committers; i++) {
        runs.add(store.create(newRun("r" + i, "def", T0, "A", T0 + 1000)).run());
      }
      long[] before = store.groupCommitCounts();
      List<Thread> threads = new ArrayList<>();
      try (Connection blocker = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement st = blocker.createStatement()) {
        st.execute("BEGIN IMMEDIATE");
        for (RunRecord r : runs) {
          threads.add(Thread.ofPlatform().name("committer-" + r.runId()).start(() ->
              store.commit(commit(r).step(T0 + 1, "{\"n\":1}").buildFlushed())));
        }
        // All but the leader (busy in SQLite's busy handler) wait for the group-commit lock.
        while (threads.stream().filter(t -> t.getState() == Thread.State.WAITING).count()
            < committers - 1) {
          Thread.onSpinWait();
        }
        st.execute("ROLLBACK");
      }
      for (Thread t : threads) {
        t.join();
      }
      long[] after = store.groupCommitCounts();
      long batches = after[0] - before[0];
      long operations = after[1] - before[1];
      assertEquals(committers, operations);
      assertTrue(batches <= 2, batches + " transactions for " + operations + " commits");
      for (RunRecord r : runs) {
        assertEquals(1, store.find(r.runId()).orElseThrow().progress().steps());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Durability.class)
  void everyDurabilityModeOpensCommitsAndKeepsTheCommits(Durability durability) {
    Path file = dir.resolve("w.db");
    StoreOptions options = StoreOptions.defaults().withDurability(durability);
    try (JdbcStore store = SqliteStoreProvider.open(file, options)) {
      RunRecord r = store.create(newRun("r1", "def", T0, "A", T0 + 1000)).run();
      store.commit(commit(r).step(T0 + 1, "{\"n\":1}").build());
      store.commit(commit(store.find("r1").orElseThrow()).step(T0 + 2, "{\"n\":2}")
          .buildFlushed());
      store.commit(commit(store.find("r1").orElseThrow()).step(T0 + 3, "{\"n\":3}").build());
      store.flush();
      assertTrue(store.describe().startsWith("sqlite"), store.describe());
    }
    try (JdbcStore store = SqliteStoreProvider.open(file, options)) {
      RunRecord r = store.find("r1").orElseThrow();
      assertEquals(3, r.progress().steps());
      assertEquals(4, store.journal(r.key(), 0, 10).size());
    }
  }

  /** Opening {@code file} fails with a StoreException and leaves every byte of it as it was. */
  private static StoreException refusedUnchanged(Path file) throws Exception {
    byte[] before = Files.readAllBytes(file);
    StoreException e = assertThrows(StoreException.class,
        () -> SqliteStoreProvider.open(file, StoreOptions.defaults()).close());
    assertArrayEquals(before, Files.readAllBytes(file), "the refused file was changed");
    return e;
  }

  static String query(Path file, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      return rs.getString(1);
    }
  }

  static void execute(Path file, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
