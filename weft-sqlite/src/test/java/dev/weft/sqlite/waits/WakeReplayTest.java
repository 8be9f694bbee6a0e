package dev.weft.sqlite.waits;

import static dev.weft.sqlite.waits.WaitTesting.builder;
import static dev.weft.sqlite.waits.WaitTesting.log;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Attempt;
import dev.weft.ManualClock;
import dev.weft.RunInfo;
import dev.weft.RunStatus;
import dev.weft.Weft;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The step a wake starts sees the same wake however often it is executed: a retry, a resume
 * after the process died in it, a retry of the failed run. The signal is consumed once.
 */
class WakeReplayTest {
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock();

  /** Stands in for the process dying mid-step: Weft lets it escape and records nothing. */
  static final class Crash extends VirtualMachineError {
    Crash() {
      super("simulated process death");
    }
  }

  /** A waiter whose woken step (step 1) throws {@code error} the first {@code times} times. */
  private static Waiter failing(int times, java.util.function.Supplier<Throwable> error) {
    AtomicInteger left = new AtomicInteger(times);
    return new Waiter((ctx, s) -> {
      if (s.next() == 1 && left.getAndDecrement() > 0) {
        Throwable t = error.get();
        if (t instanceof Exception e) {
          throw e;
        }
        throw (Error) t;
      }
    });
  }

  @Test
  void aRetriedAttemptOfTheWokenStepSeesTheSameSignal() {
    Waiter flaky = failing(1, () -> new IOException("network blip"));
    try (Weft weft = builder(dir, clock, false, flaky).build()) {
      weft.run(flaky, "r", List.of("signal:go", "signal:go"));
      weft.signal("r", "go", 1);
      weft.signal("r", "go", 2);
      RunInfo next = weft.resume("r");
      assertEquals(RunStatus.WAITING, next.status());
      List<Attempt> attempts = weft.inspector().attempts("r", 0, 10);
      assertEquals(List.of("1/1 FAILED", "1/2 SUCCEEDED"), attempts.stream()
          .filter(a -> a.step() == 1).map(a -> a.step() + "/" + a.attempt() + " " + a.outcome())
          .toList());
      assertEquals(List.of("signal go=1", "signal go=2"), log(weft.resume("r")));
    }
  }

  @Test
  void aStepResumedAfterTheProcessDiedInItSeesTheSameSignalAndTheNextOneStaysQueued() {
    Waiter dying = failing(1, Crash::new);
    try (Weft weft = builder(dir, clock, false, dying).build()) {
      weft.run(dying, "r", List.of("signal:go", "signal:go"));
      weft.signal("r", "go", 1);
      assertThrows(Crash.class, () -> weft.resume("r"));
      assertEquals(RunStatus.RUNNING, weft.get("r").status());
      weft.signal("r", "go", 2);
      RunInfo next = weft.resume("r");
      assertEquals(RunStatus.WAITING, next.status());
      assertEquals(List.of("signal go=1"), next.state(Waiter.State.class).log());
      assertEquals(List.of("signal go=1", "signal go=2"), log(weft.resume("r")));
      assertEquals(2, WaitTesting.kinds(weft, "r").stream()
          .filter("SIGNAL_RECEIVED"::equals).count(), "each signal received once");
      assertTrue(weft.inspector().verify("r").intact());
    }
  }

  @Test
  void aRetryOfARunThatFailedInTheWokenStepSeesTheSameTimer() {
    Waiter broken = failing(1, () -> new IllegalStateException("bug"));
    try (Weft weft = builder(dir, clock, false, broken).build()) {
      weft.run(broken, "r", List.of("sleep:1000"));
      clock.advance(java.time.Duration.ofSeconds(1));
      assertEquals(RunStatus.FAILED, weft.resume("r").status());
      assertEquals(List.of("timer"), log(weft.retry("r")));
    }
  }

  @Test
  void stepsThatNoWakeStartedSeeNone() {
    try (Weft weft = builder(dir, clock, false).build()) {
      weft.run(new Waiter(), "r", List.of("signal:go", "step", "step"));
      weft.signal("r", "go", "x");
      assertEquals(List.of("signal go=\"x\"", "none", "none"), log(weft.resume("r")));
    }
  }
}
