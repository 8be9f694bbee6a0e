package dev.weft.cli.bench;

import dev.weft.CheckpointPolicy;
import dev.weft.Durability;
import dev.weft.InvalidInputException;
import dev.weft.Loop;
import dev.weft.LoopOptions;
import dev.weft.RunInfo;
import dev.weft.RunStatus;
import dev.weft.StepContext;
import dev.weft.Transition;
import dev.weft.Weft;
import dev.weft.internal.Json;
import dev.weft.spi.RunRecord;
import dev.weft.spi.Store;
import dev.weft.spi.StoreOptions;
import dev.weft.spi.jdbc.JdbcStore;
import dev.weft.sqlite.SqliteStoreProvider;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code weft bench loop}: N steps in each of R concurrent counter runs on a fresh SQLite file,
 * against the raw single-row commit rate of the same database setting measured in the same run.
 */
public final class LoopBench {
  /** What to measure. */
  public record Options(long steps, int runs, CheckpointPolicy policy, Durability durability,
      Path db) {
    public Options {
      if (steps < 1) {
        throw new InvalidInputException("--steps must be at least 1, got " + steps);
      }
      if (runs < 1) {
        throw new InvalidInputException("--runs must be at least 1, got " + runs);
      }
    }
  }

  /** The counter loop the benchmark runs: one step per increment. */
  public static final class BenchLoop implements Loop<BenchLoop.Input, BenchLoop.State, Long> {
    public record Input(long target) {}

    public record State(long current, long target) {}

    private final LoopOptions options;
    private final AtomicLong progress;

    BenchLoop(CheckpointPolicy policy, AtomicLong progress) {
      this.options = LoopOptions.defaults().withCheckpoint(policy);
      this.progress = progress;
    }

    @Override
    public String name() {
      return "bench-counter";
    }

    @Override
    public LoopOptions options() {
      return options;
    }

    @Override
    public State start(Input input) {
      return new State(0, input.target());
    }

    @Override
    public Transition<State, Long> step(State s, StepContext ctx) {
      progress.incrementAndGet();
      if (s.current() + 1 >= s.target()) {
        return Transition.complete(s.current() + 1);
      }
      return Transition.next(new State(s.current() + 1, s.target()));
    }
  }

  private LoopBench() {}

  public static BenchResult run(Options o, PrintStream progressOut, boolean showProgress)
      throws Exception {
    Path db = o.db().toAbsolutePath();
    if (Files.exists(db)) {
      throw new InvalidInputException("benchmark database " + o.db() + " already exists;"
          + " remove it or choose another path (the benchmark needs a fresh file)");
    }
    // The baseline is measured before and after the workload and averaged, so a machine whose
    // speed drifts during the run does not flatter or penalise either side.
    Path scratch = db.resolveSibling(db.getFileName() + ".baseline");
    warmUp(db.resolveSibling(db.getFileName() + ".warmup"), o);
    double baselineBefore = Baseline.sqliteCommitsPerSecond(scratch, o.durability());
    AtomicLong progress = new AtomicLong();
    BenchLoop loop = new BenchLoop(o.policy(), progress);
    HeapSampler heap = HeapSampler.start();
    long total = o.steps() * o.runs();
    ProgressBar bar = showProgress ? new ProgressBar(progressOut, total, progress) : null;
    long started = System.nanoTime();
    long transactions;
    long operations;
    try (Weft weft = Weft.builder().url("sqlite:" + db).durability(o.durability()).build()) {
      List<Future<RunInfo>> results = new ArrayList<>();
      try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < o.runs(); i++) {
          String id = "bench-" + i;
          results.add(pool.submit(() -> weft.run(loop, id, new BenchLoop.Input(o.steps()))));
        }
      }
      long[] groupCommit = ((JdbcStore) weft.store()).groupCommitCounts();
      transactions = groupCommit[0];
      operations = groupCommit[1];
      for (Future<RunInfo> f : results) {
        RunInfo r = f.get();
        if (r.status() != RunStatus.COMPLETED) {
          throw new IllegalStateException("benchmark run " + r.runId() + " ended " + r.status());
        }
      }
    } finally {
      if (bar != null) {
        bar.close();
      }
    }
    double wall = (System.nanoTime() - started) / 1e9;
    HeapSampler.Peak peak = heap.stop();
    long journalRows;
    long attemptRows;
    double resumeMillis;
    long resumeStart = System.nanoTime();
    try (JdbcStore store = SqliteStoreProvider.open(db, StoreOptions.defaults()
        .withDurability(o.durability()).withCreate(false))) {
      RunRecord run = store.find("bench-0").orElseThrow();
      Object state = Json.decode(stateBytes(store, run), BenchLoop.State.class, "state");
      resumeMillis = (System.nanoTime() - resumeStart) / 1e6;
      if (state == null) {
        throw new IllegalStateException("no state");
      }
      journalRows = store.countRows("weft_journal");
      attemptRows = store.countAttemptRecords();
    }
    double baselineAfter = Baseline.sqliteCommitsPerSecond(scratch, o.durability());
    double baseline = (baselineBefore + baselineAfter) / 2;
    long dbBytes = Files.size(db) + sizeIfExists(db.resolveSibling(db.getFileName() + "-wal"));
    double stepsPerSecond = total / wall;
    return new BenchResult("loop", total, o.runs(), o.policy().describe(),
        o.durability().name().toLowerCase(java.util.Locale.ROOT), wall, stepsPerSecond,
        baseline, baselineBefore, baselineAfter, stepsPerSecond / baseline, journalRows, attemptRows, dbBytes,
        (double) dbBytes / total, peak.usedBytes(), peak.liveBytes(), resumeMillis,
        transactions, operations);
  }

  /**
   * Runs a smaller copy of the workload on a scratch file first, so that the measured run is
   * not a measurement of the JIT compiler (the baseline gets the same warm JVM).
   */
  private static void warmUp(Path scratch, Options o) throws Exception {
    deleteWithSidecars(scratch);
    int runs = Math.min(o.runs(), 1000);
    long steps = Math.max(1, Math.min(o.steps(), 20_000 / runs));
    BenchLoop loop = new BenchLoop(o.policy(), new AtomicLong());
    try (Weft weft = Weft.builder().url("sqlite:" + scratch).durability(o.durability())
        .build(); var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < runs; i++) {
        String id = "warmup-" + i;
        pool.submit(() -> weft.run(loop, id, new BenchLoop.Input(steps)));
      }
    } finally {
      deleteWithSidecars(scratch);
    }
  }

  private static void deleteWithSidecars(Path p) throws java.io.IOException {
    Files.deleteIfExists(p);
    Files.deleteIfExists(p.resolveSibling(p.getFileName() + "-wal"));
    Files.deleteIfExists(p.resolveSibling(p.getFileName() + "-shm"));
  }

  private static byte[] stateBytes(Store store, RunRecord run) {
    return switch (run.progress().state()) {
      case dev.weft.spi.Payload.Inline i -> i.bytes();
      case dev.weft.spi.Payload.BlobRef b -> store.blob(b.hash()).orElseThrow();
      case null -> throw new IllegalStateException("run has no state");
    };
  }

  private static long sizeIfExists(Path p) throws java.io.IOException {
    return Files.exists(p) ? Files.size(p) : 0;
  }
}
