package dev.weft.sqlite.waits;

import dev.weft.Loop;
import dev.weft.StepContext;
import dev.weft.Transition;
import dev.weft.WaitFor;
import dev.weft.Wake;
import dev.weft.internal.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A loop that follows a script of waits and logs what woke each step, so a test sees exactly
 * what every step received. Script entries: {@code step} (a plain step), {@code signal:NAME},
 * {@code signal:NAME:MILLIS} (with a timeout), {@code sleep:MILLIS}, {@code ask:PROMPT}. The
 * result is the log: one line per step after the first, {@code none}, {@code timer},
 * {@code timeout NAME} or {@code signal NAME=PAYLOAD}.
 */
public final class Waiter implements Loop<List<String>, Waiter.State, List<String>> {
  /** Where the script is and what the steps so far saw. */
  public record State(List<String> script, int next, List<String> log) {}

  /** Runs inside each step after the wake is logged (to fail or halt a step on purpose). */
  @FunctionalInterface
  public interface Hook {
    void run(StepContext ctx, State state) throws Exception;
  }

  private final Hook hook;

  public Waiter() {
    this((ctx, s) -> { });
  }

  public Waiter(Hook hook) {
    this.hook = hook;
  }

  @Override
  public String name() {
    return "waiter";
  }

  @Override
  public State start(List<String> script) {
    return new State(script, 0, List.of());
  }

  @Override
  public Transition<State, List<String>> step(State s, StepContext ctx) throws Exception {
    List<String> log = new ArrayList<>(s.log());
    if (s.next() > 0) {
      log.add(describe(ctx.wake()));
    }
    hook.run(ctx, s);
    if (s.next() == s.script().size()) {
      return Transition.complete(log);
    }
    String[] w = s.script().get(s.next()).split(":", 3);
    State n = new State(s.script(), s.next() + 1, log);
    return switch (w[0]) {
      case "step" -> Transition.next(n);
      case "signal" -> Transition.await(n, w.length == 3
          ? WaitFor.signal(w[1], Duration.ofMillis(Long.parseLong(w[2])))
          : WaitFor.signal(w[1]));
      case "sleep" -> Transition.await(n, WaitFor.sleep(Duration.ofMillis(Long.parseLong(w[1]))));
      case "ask" -> Transition.await(n, WaitFor.askUser(w[1]));
      default -> throw new IllegalArgumentException("unknown script entry " + w[0]);
    };
  }

  static String describe(@Nullable Wake wake) {
    return switch (wake) {
      case null -> "none";
      case Wake.SignalReceived r -> "signal " + r.name() + "=" + Json.text(r.payload());
      case Wake.TimerFired t -> "timer";
      case Wake.TimedOut t -> "timeout " + t.name();
    };
  }
}
