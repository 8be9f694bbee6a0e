package dev.weft.cli.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.weft.Durability;
import dev.weft.InvalidInputException;
import dev.weft.RunInfo;
import dev.weft.RunStatus;
import dev.weft.Weft;
import dev.weft.workflow.Activity;
import dev.weft.workflow.ActivityOptions;
import dev.weft.workflow.StartOptions;
import dev.weft.workflow.Workflow;
import dev.weft.workflow.WorkflowHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code weft bench workflow}: W workflows of A activities each, started at once on a fresh
 * SQLite file and run to completion, against the raw single-row commit rate measured in the
 * same run; optionally the replay of a workflow with N recorded steps.
 */
public final class WorkflowBench {
  /** What to measure. */
  public record Options(int workflows, int activities, int replaySteps, Durability durability,
      Path db) {
    public Options {
      if (workflows < 1 || activities < 1) {
        throw new InvalidInputException("--workflows and --activities must be at least 1");
      }
      if (replaySteps < 0) {
        throw new InvalidInputException("--replay-steps must not be negative");
      }
    }
  }

  /** The figures. */
  public record Result(
      @JsonProperty("bench") String bench,
      @JsonProperty("workflows") int workflows,
      @JsonProperty("activities") int activities,
      @JsonProperty("durability") String durability,
      @JsonProperty("wall_seconds") double wallSeconds,
      @JsonProperty("workflows_per_second") double workflowsPerSecond,
      @JsonProperty("steps_per_second") double stepsPerSecond,
      @JsonProperty("baseline_commits_per_second") double baselineCommitsPerSecond,
      @JsonProperty("steps_vs_baseline") double stepsVsBaseline,
      @JsonProperty("replay_steps") int replaySteps,
      @JsonProperty("replay_millis") double replayMillis) {}

  private static final Duration WAIT = Duration.ofMinutes(10);

  private WorkflowBench() {}

  /** A workflow of {@code n} activities (its input), each returning its index. */
  static Workflow<Integer, Integer> activities() {
    Activity<Integer, Integer> work = Activity.of("work", Integer.class,
        ActivityOptions.defaults(), (i, inv) -> i);
    return Workflow.builder("bench-activities", Integer.class, Integer.class).build((n, ctx) -> {
      int sum = 0;
      for (int i = 0; i < n; i++) {
        sum += ctx.activity(work, i);
      }
      return sum;
    });
  }

  /** Signals the replay workflow waits for, one after the other. */
  static final int WAKES = 5;

  /** A workflow of {@code n} steps (its input), then {@link #WAKES} signal waits. */
  static Workflow<Integer, Integer> steps() {
    return Workflow.builder("bench-steps", Integer.class, Integer.class).build((n, ctx) -> {
      int sum = 0;
      for (int i = 0; i < n; i++) {
        int v = i;
        sum += ctx.step("s", Integer.class, () -> v);
      }
      for (int k = 0; k < WAKES; k++) {
        sum += ctx.awaitSignal("go", Integer.class);
      }
      return sum;
    });
  }

  public static Result run(Options o) throws Exception {
    Path db = o.db().toAbsolutePath();
    if (Files.exists(db)) {
      throw new InvalidInputException("benchmark database " + o.db() + " already exists;"
          + " remove it or choose another path (the benchmark needs a fresh file)");
    }
    Path scratch = db.resolveSibling(db.getFileName() + ".baseline");
    Path warm = db.resolveSibling(db.getFileName() + ".warmup");
    workload(warm, o, Math.min(o.workflows(), 1000));
    delete(warm);
    double before = Baseline.sqliteCommitsPerSecond(scratch, o.durability());
    double wall = workload(db, o, o.workflows());
    double after = Baseline.sqliteCommitsPerSecond(scratch, o.durability());
    double baseline = (before + after) / 2;
    double replay = o.replaySteps() == 0 ? 0 : replay(db, o);
    long steps = (long) o.workflows() * o.activities();
    return new Result("workflow", o.workflows(), o.activities(),
        o.durability().name().toLowerCase(Locale.ROOT), wall, o.workflows() / wall,
        steps / wall, baseline, steps / wall / baseline, o.replaySteps(), replay);
  }

  /** Starts {@code count} workflows at once and waits for all; returns the seconds taken. */
  private static double workload(Path db, Options o, int count) throws Exception {
    Workflow<Integer, Integer> wf = activities();
    try (Weft weft = Weft.builder().url("sqlite:" + db).durability(o.durability()).build()) {
      long started = System.nanoTime();
      // Callers start workflows from many threads at once, as a server's requests would.
      List<java.util.concurrent.Future<WorkflowHandle<Integer>>> starts = new ArrayList<>();
      try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < count; i++) {
          String id = "wf-" + i;
          starts.add(pool.submit(() -> weft.workflows().start(wf, o.activities(),
              StartOptions.id(id))));
        }
      }
      List<WorkflowHandle<Integer>> handles = new ArrayList<>();
      for (var f : starts) {
        handles.add(f.get());
      }
      int expected = o.activities() * (o.activities() - 1) / 2;
      for (WorkflowHandle<Integer> h : handles) {
        if (h.result(WAIT) != expected) {
          throw new IllegalStateException("workflow " + h.runId() + " computed a wrong sum");
        }
      }
      return (System.nanoTime() - started) / 1e9;
    }
  }

  /**
   * Records a run of N steps that then waits for a signal, five times over; each time it is
   * signalled it is resumed here, which reads its journal once and replays the N steps (and the
   * waits before) to its next wait. A smaller run warms the JVM first. Returns the median of the
   * five resumes (replay, the received signal's commit and the next wait's commit).
   */
  private static double replay(Path db, Options o) throws Exception {
    Workflow<Integer, Integer> wf = steps();
    try (Weft weft = Weft.builder().url("sqlite:" + db).durability(o.durability())
        .scheduler(false).build()) {
      resumes(weft, wf, "replay-warmup", Math.min(o.replaySteps(), 2000));
      double[] millis = resumes(weft, wf, "replay", o.replaySteps());
      java.util.Arrays.sort(millis);
      return millis[millis.length / 2];
    }
  }

  private static double[] resumes(Weft weft, Workflow<Integer, Integer> wf, String id,
      int steps) throws Exception {
    WorkflowHandle<Integer> h = weft.workflows().start(wf, steps, StartOptions.id(id));
    double[] millis = new double[WAKES];
    for (int k = 0; k < WAKES; k++) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      // WAITING is committed before the execution lets go of the run (it looks for signals
      // once more first): wait for both.
      while (h.status() != RunStatus.WAITING
          || weft.store().find(id).orElseThrow().lease().isHeld()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("run " + id + " did not reach its wait");
        }
        Thread.sleep(10);
      }
      // Sent straight to the store (flushed), so that nothing else starts the run.
      weft.store().signal(new dev.weft.spi.NewSignal(id, "go",
          dev.weft.spi.Payload.inline("1".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          List.of(), System.currentTimeMillis(), false));
      long started = System.nanoTime();
      RunInfo r = weft.resume(id);
      millis[k] = (System.nanoTime() - started) / 1e6;
      RunStatus expected = k == WAKES - 1 ? RunStatus.COMPLETED : RunStatus.WAITING;
      if (r.status() != expected) {
        throw new IllegalStateException("replayed run " + id + " is " + r.status());
      }
    }
    return millis;
  }

  private static void delete(Path p) throws java.io.IOException {
    Files.deleteIfExists(p);
    Files.deleteIfExists(p.resolveSibling(p.getFileName() + "-wal"));
    Files.deleteIfExists(p.resolveSibling(p.getFileName() + "-shm"));
  }
}
