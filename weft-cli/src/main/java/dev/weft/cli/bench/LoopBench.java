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
    // speed drifts during the run does not flatter or penalise either side; a short workload
    // measured several times also gets a baseline of its own just before each time (below).
    Path scratch = db.resolveSibling(db.getFileName() + ".baseline");
    warmUp(db.resolveSibling(db.getFileName() + ".warmup"), o);
    double baselineBefore = Baseline.sqliteCommitsPerSecond(scratch, o.durability());
    AtomicLong progress = new AtomicLong();
    BenchLoop loop = new BenchLoop(o.policy(), progress);
    HeapSampler heap = HeapSampler.start();
    long total = o.steps() * o.runs();
    // A workload shorter than ~100,000 steps takes a fraction of a second, where one GC pause or
    // a neighbour's burst moves the figure by a third: it is measured several times, each on a
    // fresh file right after a baseline of its own, and the iteration with the median ratio is
    // reported. The last iteration's file is the one kept.
    int iterations = total >= 100_000 ? 1 : 7;
    ProgressBar bar = showProgress
        ? new ProgressBar(progressOut, total * iterations, progress) : null;
    List<Measured> measured = new ArrayList<>();
    try {
      for (int i = 0; i < iterations; i++) {
        boolean last = i == iterations - 1;
        Path file = last ? db : db.resolveSibling(db.getFileName() + ".iteration");
        double paired = iterations == 1 ? Double.NaN
            : Baseline.sqliteCommitsPerSecond(scratch, o.durability(), PAIRED_BASELINE_NANOS);
        measured.add(measureOnce(file, o, loop).pairedWith(paired));
        if (!last) {
          deleteWithSidecars(file);
        }
      }
    } finally {
      if (bar != null) {
        bar.close();
      }
    }
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
    if (iterations == 1) {
      measured.set(0, measured.get(0).pairedWith((baselineBefore + baselineAfter) / 2));
    }
    List<Double> ratios = measured.stream().map(m -> m.ratio(total)).toList();
    Measured median = measured.stream()
        .sorted(java.util.Comparator.comparingDouble(m -> m.ratio(total)))
        .toList().get(iterations / 2);
    long dbBytes = Files.size(db) + sizeIfExists(db.resolveSibling(db.getFileName() + "-wal"));
    double stepsPerSecond = total / median.wallSeconds();
    return new BenchResult("loop", total, o.runs(), o.policy().describe(),
        o.durability().name().toLowerCase(java.util.Locale.ROOT), iterations,
        median.wallSeconds(), stepsPerSecond, median.baseline(), baselineBefore, baselineAfter,
        median.ratio(total), ratios, journalRows, attemptRows, dbBytes,
        (double) dbBytes / total, peak.usedBytes(), peak.liveBytes(), resumeMillis,
        median.transactions(), median.operations(), median.openMillis(), median.closeMillis());
  }

  /** How long the baseline measured right before each iteration of a short workload runs. */
  private static final long PAIRED_BASELINE_NANOS = 1_000_000_000L;

  /**
   * One timed execution of the workload on a fresh file, with the baseline it is compared with:
   * measured right before it, or for a single iteration the before-and-after average.
   */
  private record Measured(double wallSeconds, double openMillis, double closeMillis,
      long transactions, long operations, double baseline) {
    Measured pairedWith(double b) {
      return new Measured(wallSeconds, openMillis, closeMillis, transactions, operations, b);
    }

    double ratio(long steps) {
      return steps / wallSeconds / baseline;
    }
  }

  private static Measured measureOnce(Path file, Options o, BenchLoop loop) throws Exception {
    // The clock runs from the first run submitted to the last run ended, on an open store, as
    // the baseline's does from its first measured insert; opening the store and closing it
    // (which checkpoints the WAL into the database file) are one-time costs, reported apart.
    long opening = System.nanoTime();
    Weft weft = Weft.builder().url("sqlite:" + file).durability(o.durability()).build();
    long started = System.nanoTime();
    long ended;
    long[] groupCommit;
    try (weft) {
      List<Future<RunInfo>> results = new ArrayList<>();
      try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < o.runs(); i++) {
          String id = "bench-" + i;
          results.add(pool.submit(() -> weft.run(loop, id, new BenchLoop.Input(o.steps()))));
        }
      }
      ended = System.nanoTime();
      groupCommit = ((JdbcStore) weft.store()).groupCommitCounts();
      for (Future<RunInfo> f : results) {
        RunInfo r = f.get();
        if (r.status() != RunStatus.COMPLETED) {
          throw new IllegalStateException("benchmark run " + r.runId() + " ended " + r.status());
        }
      }
    }
    return new Measured((ended - started) / 1e9, (started - opening) / 1e6,
        (System.nanoTime() - ended) / 1e6, groupCommit[0], groupCommit[1], Double.NaN);
  }

  /**
   * Runs a smaller copy of the workload on a scratch file first, so that the measured run is
   * not a measurement of the JIT compiler (the baseline gets the same warm JVM).
   */
  private static void warmUp(Path scratch, Options o) throws Exception {
    int runs = Math.min(o.runs(), 1000);
    long steps = Math.max(1, Math.min(o.steps(), 20_000 / runs));
    // Rounds of the same shape until ~100,000 steps have run: one short round leaves the hot
    // paths in the interpreter or C1, and a short measured run would then time the compiler.
    long rounds = Math.max(1, Math.min(10, 100_000 / (runs * steps)));
    BenchLoop loop = new BenchLoop(o.policy(), new AtomicLong());
    for (long round = 0; round < rounds; round++) {
      deleteWithSidecars(scratch);
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
