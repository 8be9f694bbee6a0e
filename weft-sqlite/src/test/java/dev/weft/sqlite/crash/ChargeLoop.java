package dev.weft.sqlite.crash;

import dev.weft.Backoff;
import dev.weft.CheckpointPolicy;
import dev.weft.Loop;
import dev.weft.LoopOptions;
import dev.weft.RetryPolicy;
import dev.weft.StepContext;
import dev.weft.Tool;
import dev.weft.Transition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * A charge-like loop: step {@code i} makes one managed call to the tool {@code append}, which
 * appends the line {@code charge-<i>} to a file and returns {@code i}; the run's result is the
 * count. The file is named relative to a base directory, so that runs in different directories
 * have identical journals.
 *
 * <p>The tool is not idempotent, except in the {@link Variant#IDEMPOTENT} variant, where it skips
 * a line that is already there (and so may safely be repeated).
 */
public final class ChargeLoop implements Loop<ChargeLoop.Input, ChargeLoop.State, Integer> {
  public record Input(String file, int count) {}

  /** {@code sum} adds up the tool's results, so a wrong recorded result shows in the states. */
  public record State(String file, int count, int next, long sum) {}

  /** The tool's arguments. */
  public record Charge(String file, int i) {}

  /**
   * The loops the crash test runs: checkpoint policies, an idempotent tool, and a flaky tool
   * (its first attempt at every fifth charge fails with a transient error, before the effect).
   */
  public enum Variant {
    FULL(CheckpointPolicy.full(), false, false),
    INTERVAL(CheckpointPolicy.interval(4), false, true),
    COMPACT(CheckpointPolicy.compact(), false, false),
    IDEMPOTENT(CheckpointPolicy.full(), true, false);

    final CheckpointPolicy policy;
    final boolean idempotent;
    final boolean flaky;

    Variant(CheckpointPolicy policy, boolean idempotent, boolean flaky) {
      this.policy = policy;
      this.idempotent = idempotent;
      this.flaky = flaky;
    }
  }

  /** What a process does around each effect (the child widens the window and reports). */
  public interface Pacing {
    void before(int i) throws Exception;

    void after(int i) throws Exception;

    static Pacing none() {
      return new Pacing() {
        @Override
        public void before(int i) {}

        @Override
        public void after(int i) {}
      };
    }
  }

  private final Variant variant;
  private final Path base;
  private final Pacing pacing;

  public ChargeLoop(Variant variant, Path base, Pacing pacing) {
    this.variant = variant;
    this.base = base;
    this.pacing = pacing;
  }

  public static String line(int i) {
    return "charge-" + i;
  }

  @Override
  public String name() {
    return "charge-" + variant.name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public LoopOptions options() {
    return LoopOptions.defaults().withCheckpoint(variant.policy)
        .withRetry(RetryPolicy.defaults().withBackoff(Backoff.fixed(Duration.ofMillis(5))));
  }

  @Override
  public List<Tool<?, ?>> tools() {
    Tool.Fn<Charge, Integer> fn = (c, invocation) -> append(c, invocation.attempt());
    return List.of(variant.idempotent
        ? Tool.idempotent("append", Charge.class, Integer.class, fn)
        : Tool.of("append", Charge.class, Integer.class, fn));
  }

  @Override
  public State start(Input input) {
    return new State(input.file(), input.count(), 0, 0);
  }

  @Override
  public Transition<State, Integer> step(State s, StepContext ctx) {
    if (s.next() >= s.count()) {
      return Transition.complete(s.count());
    }
    int charged = ctx.callTool("append", new Charge(s.file(), s.next()), Integer.class);
    State after = new State(s.file(), s.count(), s.next() + 1, s.sum() + charged);
    return after.next() == after.count() ? Transition.complete(after.count())
        : Transition.next(after);
  }

  private int append(Charge c, int attempt) throws Exception {
    pacing.before(c.i());
    if (variant.flaky && attempt == 1 && c.i() % 5 == 2) {
      throw new IOException("charge-" + c.i() + " failed on its first attempt; try again");
    }
    Path file = base.resolve(c.file());
    String line = line(c.i());
    if (!variant.idempotent || !lines(file).contains(line)) {
      // One small write(2): a kill lands before or after it, never inside.
      Files.writeString(file, line + "\n", StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
    pacing.after(c.i());
    return c.i();
  }

  /** The lines of an effects file (empty if there is none yet). */
  public static List<String> lines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }
}
