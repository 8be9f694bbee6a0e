package dev.weft.cli.bench;

import dev.weft.Durability;
import dev.weft.RunInfo;
import dev.weft.RunStatus;
import dev.weft.Weft;
import dev.weft.spi.jdbc.JdbcStore;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code weft bench loop --db jdbc:postgresql://...}: the loop benchmark on PostgreSQL. The runs
 * go to a new schema of the database (dropped afterwards), and the baseline is the raw rate of
 * single-row auto-commit inserts on one connection to the same database, with the {@code
 * synchronous_commit} setting the durability mode uses for ordinary commits: on for SAFE, off
 * for EFFECTS (which waits for the WAL only where an effect or a result is about to be seen)
 * and FAST. Measured before and after the workload, in the same run.
 */
public final class PostgresLoopBench {
  private static final long MIN_NANOS = 2_000_000_000L;

  private PostgresLoopBench() {}

  public static boolean accepts(String db) {
    return db.startsWith("jdbc:postgresql:") || db.startsWith("postgresql://")
        || db.startsWith("postgres://");
  }

  /** A fresh schema in {@code url}'s database and the URL whose connections work in it. */
  static String freshSchema(String url, String prefix) throws Exception {
    String schema = prefix + "_" + Long.toString(System.nanoTime(), 36);
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    }
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  static void dropSchema(String schemaUrl) {
    String schema = schemaUrl.substring(schemaUrl.lastIndexOf('=') + 1);
    try (Connection c = DriverManager.getConnection(schemaUrl);
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA " + schema + " CASCADE");
    } catch (Exception e) {
      System.err.println("could not drop benchmark schema " + schema + ": " + e.getMessage());
    }
  }

  public static BenchResult run(String url, LoopBench.Options o, PrintStream progressOut,
      boolean showProgress) throws Exception {
    String db = freshSchema(url, "weft_bench");
    try {
      warmUp(url, o);
      double before = commitsPerSecond(db, o.durability());
      AtomicLong progress = new AtomicLong();
      LoopBench.BenchLoop loop = new LoopBench.BenchLoop(o.policy(), progress);
      HeapSampler heap = HeapSampler.start();
      long total = o.steps() * o.runs();
      ProgressBar bar = showProgress ? new ProgressBar(progressOut, total, progress) : null;
      long[] groupCommit;
      long journalRows;
      long attemptRows;
      double wall;
      double openMillis;
      double closeMillis;
      long opening = System.nanoTime();
      Weft weft = Weft.builder().url(db).durability(o.durability()).scheduler(false).build();
      try {
        // Timed with the store open, as on SQLite: the pool's start is reported apart.
        long started = System.nanoTime();
        openMillis = (started - opening) / 1e6;
        List<Future<RunInfo>> results = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
          for (int i = 0; i < o.runs(); i++) {
            String id = "bench-" + i;
            results.add(pool.submit(() -> weft.run(loop, id,
                new LoopBench.BenchLoop.Input(o.steps()))));
          }
        }
        wall = (System.nanoTime() - started) / 1e9;
        for (Future<RunInfo> f : results) {
          if (f.get().status() != RunStatus.COMPLETED) {
            throw new IllegalStateException("benchmark run ended " + f.get().status());
          }
        }
        groupCommit = ((JdbcStore) weft.store()).groupCommitCounts();
        journalRows = ((JdbcStore) weft.store()).countRows("weft_journal");
        attemptRows = ((JdbcStore) weft.store()).countAttemptRecords();
      } finally {
        long closing = System.nanoTime();
        weft.close();
        closeMillis = (System.nanoTime() - closing) / 1e6;
        if (bar != null) {
          bar.close();
        }
      }
      HeapSampler.Peak peak = heap.stop();
      long bytes = schemaBytes(db);
      double after = commitsPerSecond(db, o.durability());
      double baseline = (before + after) / 2;
      double rate = total / wall;
      return new BenchResult("loop-postgresql", total, o.runs(), o.policy().describe(),
          o.durability().name().toLowerCase(Locale.ROOT), 1, wall, rate, baseline, before,
          after, rate / baseline, java.util.List.of(rate / baseline), journalRows, attemptRows,
          bytes, (double) bytes / total, peak.usedBytes(), peak.liveBytes(), 0, groupCommit[0],
          groupCommit[1], openMillis, closeMillis);
    } finally {
      dropSchema(db);
    }
  }

  private static void warmUp(String url, LoopBench.Options o) throws Exception {
    String scratch = freshSchema(url, "weft_warmup");
    try (Weft weft = Weft.builder().url(scratch).durability(o.durability()).scheduler(false)
        .build(); var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      int runs = Math.min(o.runs(), 500);
      long steps = Math.max(1, Math.min(o.steps(), 10_000 / runs));
      LoopBench.BenchLoop loop = new LoopBench.BenchLoop(o.policy(), new AtomicLong());
      for (int i = 0; i < runs; i++) {
        String id = "warmup-" + i;
        pool.submit(() -> weft.run(loop, id, new LoopBench.BenchLoop.Input(steps)));
      }
    } finally {
      dropSchema(scratch);
    }
  }

  /** Single-row auto-commit inserts per second on one connection, as the mode commits. */
  static double commitsPerSecond(String schemaUrl, Durability durability) throws Exception {
    try (Connection c = DriverManager.getConnection(schemaUrl)) {
      try (Statement st = c.createStatement()) {
        st.execute("SET synchronous_commit = " + (durability == Durability.SAFE ? "on" : "off"));
        st.execute("CREATE TABLE IF NOT EXISTS bench_scratch (id BIGSERIAL PRIMARY KEY,"
            + " v BYTEA NOT NULL)");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_scratch (v)"
          + " VALUES (?)")) {
        return Baseline.insertsPerSecond(ps);
      } finally {
        try (Statement st = c.createStatement()) {
          st.execute("DROP TABLE bench_scratch");
        }
      }
    }
  }

  /** Bytes of the schema's Weft tables with their indexes. */
  private static long schemaBytes(String schemaUrl) throws Exception {
    try (Connection c = DriverManager.getConnection(schemaUrl);
        PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM("
            + "pg_total_relation_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace n"
            + " ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
            + " AND c.relkind = 'r' AND c.relname LIKE 'weft\\_%'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
