import dev.weft.Durability;
import dev.weft.cli.bench.Baseline;
import dev.weft.sqlite.SqliteStoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The floor under `weft bench loop`: the statements Weft's SQLite store (schema 2) sends for a
 * loop workload, through the same driver and connection options, with no Weft code (no engine,
 * no JSON, no hashing, no threads), against the benchmark's own baseline ({@link Baseline}:
 * single-row auto-commit inserts into a scratch table at the same synchronous setting) measured
 * just before. The statements are copies of JdbcWrites's: keep them in step with it.
 *
 * <pre>
 *   java -cp weft-cli/target/weft.jar scripts/SqliteFloor.java sequential DIR [fast|effects|safe]
 *   java -cp weft-cli/target/weft.jar scripts/SqliteFloor.java group DIR [safe|effects|fast]
 * </pre>
 *
 * <p>{@code --quick} after the durability shrinks everything (a few hundred steps, 100 ms
 * baselines, one round): a smoke run for the tests, not a measurement.
 *
 * <p>{@code sequential}: one run, 100,000 steps, one transaction per step (a head update fenced
 * on epoch and journal length, and a journal insert holding the new state), as `--policy full`
 * commits them; then the same with two and four steps per transaction, to show what sharing a
 * transaction would buy. {@code group}: 1,000 runs created in batches (run row, head row, first
 * entry), ten step commits each, the last one completing the run, 500 operations per
 * transaction and JDBC batches per statement, as group commit sends them.
 */
public final class SqliteFloor {
  private static final String RUN_TABLE = "CREATE TABLE weft_runs (id INTEGER PRIMARY KEY,"
      + " run_id TEXT NOT NULL UNIQUE, definition TEXT NOT NULL, version INTEGER NOT NULL,"
      + " status TEXT NOT NULL, created_at INTEGER NOT NULL, parent_run_id TEXT, queue TEXT,"
      + " result_data BLOB, result_blob TEXT, failure TEXT, detail TEXT, wake_at INTEGER,"
      + " wait_key TEXT, woken_seq INTEGER, lease_owner TEXT, lease_until INTEGER NOT NULL,"
      + " chain_keyed INTEGER NOT NULL, priority INTEGER NOT NULL DEFAULT 0, dedup_id TEXT)";
  private static final String HEAD_TABLE = "CREATE TABLE weft_heads (run INTEGER PRIMARY KEY,"
      + " lease_epoch INTEGER NOT NULL, chain_count INTEGER NOT NULL, chain_head BLOB NOT NULL,"
      + " steps INTEGER NOT NULL, updated_at INTEGER NOT NULL, state_data BLOB,"
      + " state_blob TEXT, state_seq INTEGER)";
  private static final List<String> INDEXES = List.of(
      "CREATE INDEX weft_runs_by_status ON weft_runs (status, created_at)",
      "CREATE INDEX weft_runs_by_created ON weft_runs (created_at)",
      "CREATE INDEX weft_runs_by_wake ON weft_runs (wake_at) WHERE wake_at IS NOT NULL",
      "CREATE INDEX weft_runs_by_dedup ON weft_runs (queue, dedup_id)"
          + " WHERE dedup_id IS NOT NULL",
      "CREATE INDEX weft_runs_runnable ON weft_runs (queue, priority, wake_at)"
          + " WHERE status IN ('PENDING', 'RUNNING', 'WAITING', 'PAUSED')",
      "CREATE INDEX weft_runs_held ON weft_runs (queue, lease_until)"
          + " WHERE lease_owner IS NOT NULL");
  private static final String JOURNAL = "CREATE TABLE weft_journal (run INTEGER NOT NULL,"
      + " seq INTEGER NOT NULL, kind INTEGER NOT NULL, step INTEGER NOT NULL,"
      + " at INTEGER NOT NULL, data BLOB, blob TEXT, hash BLOB NOT NULL, attempt INTEGER,"
      + " started INTEGER)";
  private static final String JOURNAL_INDEX =
      "CREATE UNIQUE INDEX weft_journal_by_run ON weft_journal (run, seq)";

  private static final String CREATE = "INSERT INTO weft_runs (id, run_id, definition,"
      + " version, status, created_at, parent_run_id, lease_owner, lease_until, chain_keyed)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id) DO NOTHING";
  private static final String CREATE_HEAD = "INSERT INTO weft_heads (run, lease_epoch,"
      + " chain_count, chain_head, steps, updated_at, state_data, state_blob, state_seq)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)";
  private static final String PROGRESS = "UPDATE weft_heads SET steps = ?, chain_count = ?,"
      + " chain_head = ?, updated_at = CASE WHEN ? > updated_at THEN ? ELSE updated_at END,"
      + " state_data = ?, state_blob = ?, state_seq = ?"
      + " WHERE run = ? AND lease_epoch = ? AND chain_count = ?";
  private static final String ENTRY = "INSERT INTO weft_journal (run, seq, kind, step, at,"
      + " data, blob, hash, attempt, started) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String COMPLETE = "UPDATE weft_runs SET status = ?, result_data = ?,"
      + " result_blob = ?, failure = ?, detail = ?, wake_at = ?, wait_key = ?,"
      + " woken_seq = COALESCE(?, woken_seq), lease_owner = NULL, lease_until = 0 WHERE id = ?";

  private static final byte[] STATE = "{\"count\":12345,\"target\":100000}".getBytes();

  private static long baselineNanos = 2_000_000_000L;

  private SqliteFloor() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: SqliteFloor sequential|group DIR [fast|effects|safe] [--quick]");
      System.exit(2);
    }
    boolean quick = args.length > 3 && args[3].equals("--quick");
    baselineNanos = quick ? 100_000_000L : 2_000_000_000L;
    Path dir = Path.of(args[1]);
    Files.createDirectories(dir);
    String mode = args[0];
    String synchronous = switch (args.length > 2 ? args[2] : mode.equals("group") ? "safe"
        : "fast") {
      case "safe" -> "FULL";
      case "effects" -> "NORMAL";
      case "fast" -> "OFF";
      default -> throw new IllegalArgumentException("durability: fast, effects or safe");
    };
    switch (mode) {
      case "sequential" -> {
        for (int perTransaction : new int[] {1, 2, 4}) {
          double base = baseline(dir.resolve("baseline.db"), synchronous);
          double steps = sequential(dir.resolve("floor.db"), synchronous,
              quick ? 400 : 100_000, perTransaction);
          System.out.printf("sequential synchronous=%s, %d step(s) per transaction: %.0f steps/s;"
              + " baseline %.0f single-row commits/s; ratio %.2f%n", synchronous,
              perTransaction, steps, base, steps / base);
        }
      }
      case "group" -> {
        for (int i = 0; i < (quick ? 1 : 3); i++) {
          double base = baseline(dir.resolve("baseline.db"), synchronous);
          double steps = quick ? group(dir.resolve("floor.db"), synchronous, 100, 3, 50)
              : group(dir.resolve("floor.db"), synchronous, 1000, 10, 500);
          System.out.printf("group synchronous=%s, %s: %.0f steps/s;"
              + " baseline %.0f single-row commits/s; ratio %.2f%n", synchronous,
              quick ? "100 runs x 3 steps" : "1,000 runs x 10 steps", steps, base, steps / base);
        }
      }
      default -> throw new IllegalArgumentException("mode: sequential or group");
    }
  }

  private static Connection open(Path file, String synchronous) throws Exception {
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
    }
    Connection c = SqliteStoreProvider.connectionOptions().createConnection("jdbc:sqlite:" + file);
    try (Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode = WAL");
      st.execute("PRAGMA synchronous = " + synchronous);
    }
    return c;
  }

  private static void schema(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(RUN_TABLE);
      st.execute(HEAD_TABLE);
      for (String index : INDEXES) {
        st.execute(index);
      }
      st.execute(JOURNAL);
      st.execute(JOURNAL_INDEX);
    }
  }

  /** The benchmark's own baseline, on a file in {@code dir}. */
  static double baseline(Path file, String synchronous) throws Exception {
    Durability durability = switch (synchronous) {
      case "FULL" -> Durability.SAFE;
      case "NORMAL" -> Durability.EFFECTS;
      default -> Durability.FAST;
    };
    return Baseline.sqliteCommitsPerSecond(file, durability, baselineNanos);
  }

  static double sequential(Path file, String synchronous, int steps, int perTransaction)
      throws Exception {
    try (Connection c = open(file, synchronous)) {
      schema(c);
      byte[] hash = sha256("head");
      try (Statements st = new Statements(c)) {
        bindCreate(st.create, st.createHead, st.entry, 1);
        st.create.executeUpdate();
        st.createHead.executeUpdate();
        st.entry.executeUpdate();
        long start = System.nanoTime();
        long seq = 1;
        for (int s = 0; s < steps; s += perTransaction) {
          st.begin.execute();
          for (int k = 0; k < perTransaction; k++) {
            long step = s + k;
            long now = System.currentTimeMillis();
            bindProgress(st.progress, 1, step, seq, hash, now);
            if (st.progress.executeUpdate() != 1) {
              throw new IllegalStateException("fence failed at step " + step);
            }
            bindEntry(st.entry, 1, seq + 1, 3, step, now, STATE, hash);
            st.entry.executeUpdate();
            seq++;
          }
          st.commit.execute();
        }
        return steps / ((System.nanoTime() - start) / 1e9);
      }
    }
  }

  static double group(Path file, String synchronous, int runs, int steps, int perTransaction)
      throws Exception {
    try (Connection c = open(file, synchronous)) {
      schema(c);
      byte[] hash = sha256("head");
      try (Statements st = new Statements(c)) {
        List<int[]> groups = new ArrayList<>();
        for (int i = 0; i < runs; i += perTransaction) {
          groups.add(new int[] {i, Math.min(i + perTransaction, runs)});
        }
        long start = System.nanoTime();
        for (int[] g : groups) {
          st.begin.execute();
          for (int i = g[0]; i < g[1]; i++) {
            bindCreate(st.create, st.createHead, st.entry, i + 1);
            st.create.addBatch();
            st.createHead.addBatch();
            st.entry.addBatch();
          }
          st.create.executeBatch();
          st.createHead.executeBatch();
          st.entry.executeBatch();
          st.commit.execute();
        }
        for (int s = 0; s < steps; s++) {
          boolean last = s == steps - 1;
          for (int[] g : groups) {
            st.begin.execute();
            long now = System.currentTimeMillis();
            for (int i = g[0]; i < g[1]; i++) {
              bindProgress(st.progress, i + 1, s, s + 1, hash, now);
              st.progress.addBatch();
              bindEntry(st.entry, i + 1, s + 2, 3, s, now, last ? new byte[0] : STATE, hash);
              st.entry.addBatch();
              if (last) {
                bindEntry(st.entry, i + 1, s + 3, 4, s, now, "10".getBytes(), hash);
                st.entry.addBatch();
                st.complete.setString(1, "COMPLETED");
                st.complete.setBytes(2, "10".getBytes());
                for (int p = 3; p <= 8; p++) {
                  st.complete.setNull(p, Types.NULL);
                }
                st.complete.setLong(9, i + 1);
                st.complete.addBatch();
              }
            }
            for (int n : st.progress.executeBatch()) {
              if (n != 1) {
                throw new IllegalStateException("fence failed at step " + s);
              }
            }
            st.entry.executeBatch();
            if (last) {
              st.complete.executeBatch();
            }
            st.commit.execute();
          }
        }
        return (double) runs * steps / ((System.nanoTime() - start) / 1e9);
      }
    }
  }

  /** The statements a workload sends, prepared once on its connection. */
  private static final class Statements implements AutoCloseable {
    final PreparedStatement begin;
    final PreparedStatement commit;
    final PreparedStatement create;
    final PreparedStatement createHead;
    final PreparedStatement progress;
    final PreparedStatement entry;
    final PreparedStatement complete;

    Statements(Connection c) throws SQLException {
      begin = c.prepareStatement("BEGIN IMMEDIATE");
      commit = c.prepareStatement("COMMIT");
      create = c.prepareStatement(CREATE);
      createHead = c.prepareStatement(CREATE_HEAD);
      progress = c.prepareStatement(PROGRESS);
      entry = c.prepareStatement(ENTRY);
      complete = c.prepareStatement(COMPLETE);
    }

    @Override
    public void close() throws SQLException {
      for (PreparedStatement ps : List.of(begin, commit, create, createHead, progress, entry,
          complete)) {
        ps.close();
      }
    }
  }

  private static void bindCreate(PreparedStatement create, PreparedStatement createHead,
      PreparedStatement entry, long run) throws SQLException {
    long now = System.currentTimeMillis();
    create.setLong(1, run);
    create.setString(2, "floor-" + run);
    create.setString(3, "counter");
    create.setInt(4, 1);
    create.setString(5, "RUNNING");
    create.setLong(6, now);
    create.setNull(7, Types.VARCHAR);
    create.setString(8, "floor");
    create.setLong(9, now + 60_000);
    create.setInt(10, 0);
    createHead.setLong(1, run);
    createHead.setLong(2, 1);
    createHead.setLong(3, 1);
    createHead.setBytes(4, sha256("first"));
    createHead.setLong(5, 0);
    createHead.setLong(6, now);
    createHead.setBytes(7, STATE);
    createHead.setNull(8, Types.VARCHAR);
    bindEntry(entry, run, 1, 1, 0, now, STATE, sha256("first"));
  }

  private static void bindProgress(PreparedStatement ps, long run, long step, long count,
      byte[] hash, long now) throws SQLException {
    ps.setLong(1, step + 1);
    ps.setLong(2, count + 1);
    ps.setBytes(3, hash);
    ps.setLong(4, now);
    ps.setLong(5, now);
    ps.setNull(6, Types.BLOB);
    ps.setNull(7, Types.VARCHAR);
    ps.setLong(8, count + 1);
    ps.setLong(9, run);
    ps.setLong(10, 1);
    ps.setLong(11, count);
  }

  private static void bindEntry(PreparedStatement ps, long run, long seq, int kind, long step,
      long now, byte[] data, byte[] hash) throws SQLException {
    ps.setLong(1, run);
    ps.setLong(2, seq);
    ps.setInt(3, kind);
    ps.setLong(4, step);
    ps.setLong(5, now);
    ps.setBytes(6, data);
    ps.setNull(7, Types.VARCHAR);
    ps.setBytes(8, hash);
    ps.setNull(9, Types.INTEGER);
    ps.setNull(10, Types.INTEGER);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
