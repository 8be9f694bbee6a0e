package dev.weft.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Attempt;
import dev.weft.ManualClock;
import dev.weft.RunInfo;
import dev.weft.RunStatus;
import dev.weft.StepException;
import dev.weft.Weft;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that stops in the middle of a step: the next executor records the attempt it was
 * making as interrupted, and attempt numbers go on from there.
 */
class RestartTest {
  @TempDir Path dir;
  final ManualClock clock = new ManualClock();
  final List<String> entered = new CopyOnWriteArrayList<>();

  private Weft open() {
    return Weft.builder().url(Fixture.url(dir)).clock(clock).build();
  }

  /** Step 1: attempt 1 fails transiently, attempt 2 dies with the process, later ones pass. */
  private Steps dyingAtStepOne() {
    return new Steps((ctx, s) -> {
      entered.add(ctx.step() + "." + ctx.attempt());
      if (ctx.step() == 1 && ctx.attempt() == 1) {
        throw StepException.transientError("flaky");
      }
      if (ctx.step() == 1 && ctx.attempt() == 2) {
        throw new Halt();
      }
      return "s" + ctx.step();
    });
  }

  private static List<String> outcomes(List<Attempt> attempts) {
    return attempts.stream().map(a -> a.attempt() + ":" + a.outcome()).toList();
  }

  private void crashDuringStepOne() {
    try (Weft weft = open()) {
      assertThrows(Halt.class, () -> weft.run(dyingAtStepOne(), "r", new Steps.Input(3)));
      assertEquals(RunStatus.RUNNING, weft.get("r").status());
    }
  }

  @Test
  void attemptNumbersContinueAfterTheHolderDiedMidStep() {
    crashDuringStepOne();
    String dead = Fixture.deadOwner();
    try (Weft weft = open()) {
      // The dead process still holds an unexpired lease, as after a kill -9.
      Fixture.holdAs(weft, "r", dead, clock.millis() + Duration.ofHours(1).toMillis());
    }
    try (Weft weft = open()) {
      weft.register(dyingAtStepOne());
      RunInfo run = weft.resume("r");
      assertEquals(RunStatus.COMPLETED, run.status());
      List<Attempt> step1 = Fixture.attemptsOfStep(weft, "r", 1);
      assertEquals(List.of("1:FAILED", "2:INTERRUPTED", "3:SUCCEEDED"), outcomes(step1));
      assertTrue(step1.get(1).failure().message().contains(dead),
          "the interrupted attempt names the executor that stopped: " + step1.get(1).failure());
      assertEquals(List.of("0.1", "1.1", "1.2", "1.3", "2.1"), entered);
      assertEquals(1, Fixture.kindsOfStep(weft, "r", 1).stream()
          .filter("STEP_COMMITTED"::equals).count());
    }
  }

  @Test
  void aHolderOnAnotherHostIsTakenOverOnceItsLeaseExpires() {
    crashDuringStepOne();
    try (Weft weft = open()) {
      Fixture.holdAs(weft, "r", "elsewhere/42/1/1", clock.millis() + 5_000);
    }
    clock.advance(Duration.ofSeconds(6));
    try (Weft weft = open()) {
      weft.register(dyingAtStepOne());
      RunInfo run = weft.resume("r");
      assertEquals(RunStatus.COMPLETED, run.status());
      assertEquals(List.of("1:FAILED", "2:INTERRUPTED", "3:SUCCEEDED"),
          outcomes(Fixture.attemptsOfStep(weft, "r", 1)));
    }
  }

  @Test
  void anErrorThatEscapedAStepIsRecordedAsAnInterruptedAttemptOnResume() {
    crashDuringStepOne();
    try (Weft weft = open()) {
      weft.register(dyingAtStepOne());
      RunInfo run = weft.resume("r");
      assertEquals(RunStatus.COMPLETED, run.status());
      assertEquals(List.of("1:FAILED", "2:INTERRUPTED", "3:SUCCEEDED"),
          outcomes(Fixture.attemptsOfStep(weft, "r", 1)));
      assertEquals(List.of("0.1", "1.1", "1.2", "1.3", "2.1"), entered,
          "no attempt number is used twice");
    }
  }
}
