package dev.weft.cli.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.weft.Durability;
import dev.weft.InvalidInputException;
import dev.weft.Loop;
import dev.weft.RunInfo;
import dev.weft.RunStatus;
import dev.weft.StepContext;
import dev.weft.Transition;
import dev.weft.WaitFor;
import dev.weft.Weft;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code weft bench signal}: N runs each wait for a signal; for one run after another, the time
 * from a signal acknowledged (flushed) to the run resumed by the scheduler and completed.
 */
public final class SignalBench {
  /** What to measure. */
  public record Options(int runs, Durability durability, Path db) {
    public Options {
      if (runs < 1) {
        throw new InvalidInputException("--runs must be at least 1, got " + runs);
      }
    }
  }

  /** What {@code weft bench signal} reports; times in milliseconds. */
  public record Result(
      @JsonProperty("bench") String bench,
      @JsonProperty("runs") int runs,
      @JsonProperty("warmup_runs") int warmupRuns,
      @JsonProperty("durability") String durability,
      @JsonProperty("ack_median_ms") double ackMedian,
      @JsonProperty("ack_p99_ms") double ackP99,
      @JsonProperty("resume_median_ms") double resumeMedian,
      @JsonProperty("resume_p99_ms") double resumeP99,
      @JsonProperty("total_median_ms") double totalMedian,
      @JsonProperty("total_p99_ms") double totalP99,
      @JsonProperty("wall_seconds") double wallSeconds) {}

  /** Waits for signal {@code go}, then completes with its payload. */
  static final class Waiting implements Loop<Integer, Integer, Integer> {
    @Override
    public String name() {
      return "bench-signal";
    }

    @Override
    public Integer start(Integer input) {
      return input;
    }

    @Override
    public Transition<Integer, Integer> step(Integer s, StepContext ctx) {
      return ctx.wake() == null ? Transition.await(s, WaitFor.signal("go"))
          : Transition.complete(s);
    }
  }

  private SignalBench() {}

  public static Result run(Options o) {
    Path db = o.db().toAbsolutePath();
    if (Files.exists(db)) {
      throw new InvalidInputException("benchmark database " + o.db() + " already exists;"
          + " remove it or choose another path (the benchmark needs a fresh file)");
    }
    int warmup = Math.min(50, o.runs() / 10);
    int total = o.runs() + warmup;
    Waiting loop = new Waiting();
    double[] ack = new double[o.runs()];
    double[] resume = new double[o.runs()];
    double[] both = new double[o.runs()];
    long started = System.nanoTime();
    try (Weft weft = Weft.builder().url("sqlite:" + db).durability(o.durability())
        .register(loop).build()) {
      for (int i = 0; i < total; i++) {
        weft.run(loop, "s-" + i, i);
      }
      for (int i = 0; i < total; i++) {
        String id = "s-" + i;
        long t0 = System.nanoTime();
        weft.signal(id, "go", i);
        long t1 = System.nanoTime();
        RunInfo done = weft.await(id, Duration.ofSeconds(30));
        long t2 = System.nanoTime();
        if (done.status() != RunStatus.COMPLETED) {
          throw new IllegalStateException("benchmark run " + id + " is " + done.status());
        }
        if (i >= warmup) {
          int k = i - warmup;
          ack[k] = (t1 - t0) / 1e6;
          resume[k] = (t2 - t1) / 1e6;
          both[k] = (t2 - t0) / 1e6;
        }
      }
    }
    double wall = (System.nanoTime() - started) / 1e9;
    Percentiles a = new Percentiles(ack);
    Percentiles r = new Percentiles(resume);
    Percentiles t = new Percentiles(both);
    return new Result("signal", o.runs(), warmup,
        o.durability().name().toLowerCase(Locale.ROOT), a.at(50), a.at(99), r.at(50), r.at(99),
        t.at(50), t.at(99), wall);
  }
}
