package dev.weft.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Attempt;
import dev.weft.Backoff;
import dev.weft.ErrorClass;
import dev.weft.Loop;
import dev.weft.LoopOptions;
import dev.weft.ManualClock;
import dev.weft.RetryPolicy;
import dev.weft.RunInfo;
import dev.weft.RunOptions;
import dev.weft.RunStatus;
import dev.weft.StepContext;
import dev.weft.StepException;
import dev.weft.Transition;
import dev.weft.Weft;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Failed steps are retried by error class and policy, with backoff on the injected clock. */
class StepRetryTest {
  private static final long SEED = 20_240_601L;

  @TempDir Path dir;
  final ManualClock clock = new ManualClock();
  /** Every (step, attempt) a step was entered with. */
  final List<String> entered = new CopyOnWriteArrayList<>();

  private Weft open() {
    return Weft.builder().url(Fixture.url(dir)).clock(clock).random(new SplittableRandom(SEED))
        .build();
  }

  /** Four steps; step 1 throws {@code error} on its first {@code failures} attempts. */
  private Steps failing(int failures, Exception error) {
    return new Steps((ctx, s) -> {
      entered.add(ctx.step() + "." + ctx.attempt());
      if (ctx.step() == 1 && ctx.attempt() <= failures) {
        throw error;
      }
      return "s" + ctx.step();
    });
  }

  private static List<String> numbersAndOutcomes(List<Attempt> attempts) {
    return attempts.stream().map(a -> a.attempt() + ":" + a.outcome()).toList();
  }

  @Test
  void aTransientErrorIsRetriedWithExponentialBackoffAndNoRealSleeping() {
    RetryPolicy policy = RetryPolicy.defaults().withMaxAttempts(5);
    try (Weft weft = open()) {
      RunInfo run = weft.run(failing(4, StepException.transientError("flaky")), "r",
          new Steps.Input(4), RunOptions.defaults().withRetry(policy));
      assertEquals(RunStatus.COMPLETED, run.status());
    }
    List<Duration> sleeps = clock.sleeps();
    SplittableRandom replay = new SplittableRandom(SEED);
    List<Duration> expected = new ArrayList<>();
    for (int retry = 1; retry <= 4; retry++) {
      expected.add(policy.backoff().delay(retry, replay));
    }
    assertEquals(expected, sleeps, "exactly the delays the seeded backoff gives");
    for (int i = 0; i < sleeps.size(); i++) {
      double base = 200 * Math.pow(2, i);
      double millis = sleeps.get(i).toNanos() / 1e6;
      assertTrue(millis >= base * 0.8 && millis <= base * 1.2,
          "retry " + (i + 1) + " waited " + millis + " ms, outside " + base + " ms ± 20%");
      if (i > 0) {
        assertTrue(sleeps.get(i).compareTo(sleeps.get(i - 1)) > 0, "delays grow: " + sleeps);
      }
    }
  }

  @Test
  void retriesRecordAttemptNumbersButCommitEachStepOnce() {
    try (Weft weft = open()) {
      RunInfo run = weft.run(failing(2, StepException.transientError("flaky")), "r",
          new Steps.Input(4));
      assertEquals(RunStatus.COMPLETED, run.status());
      assertEquals(List.of("s0", "s1", "s2", "s3"),
          CheckpointTest.textList(run.result()));
      assertEquals(List.of("1:FAILED", "2:FAILED", "3:SUCCEEDED"),
          numbersAndOutcomes(Fixture.attemptsOfStep(weft, "r", 1)));
      assertEquals(List.of("0.1", "1.1", "1.2", "1.3", "2.1", "3.1"), entered,
          "the completing step runs no action");
      for (long step = 0; step <= 4; step++) {
        assertEquals(List.of("STEP_COMMITTED"), Fixture.kindsOfStep(weft, "r", step).stream()
            .filter(k -> k.startsWith("STEP")).toList(), "step " + step);
      }
      assertEquals(5, Fixture.count(weft, "r", "STEP_COMMITTED"));
      assertEquals("TRANSIENT", Fixture.attemptsOfStep(weft, "r", 1).get(0).failure()
          .errorClass().name());
    }
  }

  @Test
  void anIoExceptionIsTransient() {
    try (Weft weft = open()) {
      RunInfo run = weft.run(failing(1, new IOException("connection reset")), "r",
          new Steps.Input(3));
      assertEquals(RunStatus.COMPLETED, run.status());
      Attempt failed = Fixture.attemptsOfStep(weft, "r", 1).get(0);
      assertEquals(ErrorClass.TRANSIENT, failed.failure().errorClass());
      assertEquals("java.io.IOException", failed.failure().type());
      assertEquals("connection reset", failed.failure().message());
      assertEquals(1, clock.sleeps().size());
    }
  }

  static Stream<Arguments> nonTransient() {
    return Stream.of(
        Arguments.of(StepException.validation("bad amount"), ErrorClass.VALIDATION),
        Arguments.of(new IllegalArgumentException("bad amount"), ErrorClass.VALIDATION),
        Arguments.of(StepException.business("bad amount"), ErrorClass.BUSINESS),
        Arguments.of(StepException.permission("bad amount"), ErrorClass.PERMISSION),
        Arguments.of(new SecurityException("bad amount"), ErrorClass.PERMISSION),
        Arguments.of(new IllegalStateException("bad amount"), ErrorClass.UNKNOWN));
  }

  @ParameterizedTest
  @MethodSource("nonTransient")
  void otherErrorClassesFailTheRunAtOnceByDefault(Exception error, ErrorClass expected) {
    try (Weft weft = open()) {
      RunInfo run = weft.run(failing(1, error), "r", new Steps.Input(4));
      assertEquals(RunStatus.FAILED, run.status());
      assertEquals(expected, run.failure().errorClass());
      assertEquals("bad amount", run.failure().message());
      assertEquals(error.getClass().getName(), run.failure().type());
      assertEquals(1, run.steps(), "step 0 stays committed, step 1 is not");
      assertEquals(List.of("1:FAILED"), numbersAndOutcomes(
          Fixture.attemptsOfStep(weft, "r", 1)));
      assertEquals(List.of(), clock.sleeps());
      List<String> kinds = Fixture.kinds(weft, "r");
      assertEquals("RUN_FAILED", kinds.get(kinds.size() - 1));
    }
  }

  @Test
  void aCallerSuppliedPolicyCanRetryValidationErrors() {
    RetryPolicy policy = RetryPolicy.defaults()
        .withRetryable(ErrorClass.TRANSIENT, ErrorClass.VALIDATION);
    try (Weft weft = open()) {
      RunInfo run = weft.run(failing(2, StepException.validation("not yet")), "r",
          new Steps.Input(3), RunOptions.defaults().withRetry(policy));
      assertEquals(RunStatus.COMPLETED, run.status());
      assertEquals(List.of("1:FAILED", "2:FAILED", "3:SUCCEEDED"),
          numbersAndOutcomes(Fixture.attemptsOfStep(weft, "r", 1)));
    }
  }

  @Test
  void aCallerSuppliedMaxAttemptsIsHonouredThenTheRunFails() {
    RetryPolicy policy = RetryPolicy.defaults().withMaxAttempts(5)
        .withBackoff(Backoff.fixed(Duration.ofSeconds(1)));
    try (Weft weft = open()) {
      RunInfo run = weft.run(failing(99, StepException.transientError("still down")), "r",
          new Steps.Input(3), RunOptions.defaults().withRetry(policy));
      assertEquals(RunStatus.FAILED, run.status());
      assertEquals(ErrorClass.TRANSIENT, run.failure().errorClass());
      assertEquals("still down", run.failure().message());
      assertEquals(List.of("1:FAILED", "2:FAILED", "3:FAILED", "4:FAILED", "5:FAILED"),
          numbersAndOutcomes(Fixture.attemptsOfStep(weft, "r", 1)));
      assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
          Duration.ofSeconds(1)), clock.sleeps());
    }
  }

  @Test
  void theDefinitionsOwnPolicyAppliesWhenTheCallerGivesNone() {
    Steps loop = failing(1, StepException.transientError("flaky"))
        .withOptions(LoopOptions.defaults().withRetry(RetryPolicy.never()));
    try (Weft weft = open()) {
      RunInfo run = weft.run(loop, "r", new Steps.Input(3));
      assertEquals(RunStatus.FAILED, run.status());
      assertEquals(1, Fixture.attemptsOfStep(weft, "r", 1).size());
    }
  }

  @Test
  void aFailedRunIsRetriedFromItsLastCommittedStepWithAttemptNumbersContinuing() {
    try (Weft weft = open()) {
      RunInfo failed = weft.run(failing(4, StepException.transientError("down")), "r",
          new Steps.Input(3));
      assertEquals(RunStatus.FAILED, failed.status());
      assertEquals(1, failed.steps());
    }
    entered.clear();
    try (Weft weft = open()) {
      weft.register(failing(4, StepException.transientError("down")));
      RunInfo done = weft.retry("r");
      assertEquals(RunStatus.COMPLETED, done.status());
      assertEquals(List.of("s0", "s1", "s2"), CheckpointTest.textList(done.result()));
      assertEquals(List.of("1.4", "1.5", "2.1"), entered,
          "step 0 is not executed again; step 1 continues at attempt 4");
      assertEquals(List.of("1:FAILED", "2:FAILED", "3:FAILED", "4:FAILED", "5:SUCCEEDED"),
          numbersAndOutcomes(Fixture.attemptsOfStep(weft, "r", 1)));
      List<String> kinds = Fixture.kinds(weft, "r");
      assertEquals(List.of("RUN_FAILED", "RUN_RETRIED"), kinds.stream()
          .filter(k -> k.startsWith("RUN_F") || k.startsWith("RUN_R")).toList());
      assertEquals(4, Fixture.count(weft, "r", "STEP_COMMITTED"));
      assertTrue(weft.inspector().verify("r").intact());
    }
  }

  @Test
  void transitionFailFailsTheRunWithoutRetryingEvenIfItsClassIsRetryable() {
    try (Weft weft = open()) {
      RunInfo run = weft.run(new Refusing(), "r", new Steps.Input(0),
          RunOptions.defaults().withRetry(RetryPolicy.defaults().withMaxAttempts(5)
              .withRetryable(ErrorClass.BUSINESS)));
      assertEquals(RunStatus.FAILED, run.status());
      assertEquals(ErrorClass.BUSINESS, run.failure().errorClass());
      assertEquals("insufficient funds", run.failure().message());
      assertEquals(List.of("1:FAILED"), numbersAndOutcomes(Fixture.attempts(weft, "r")));
      assertEquals(List.of(), clock.sleeps());
      assertEquals(List.of("RUN_STARTED", "RUN_FAILED"), Fixture.kinds(weft, "r"));
      assertEquals(List.of("0.1"), entered);
    }
  }

  /** Fails on purpose at its first step. */
  final class Refusing implements Loop<Steps.Input, Steps.State, String> {
    @Override
    public String name() {
      return "refusing";
    }

    @Override
    public Steps.State start(Steps.Input input) {
      return new Steps.State(0, input.target(), List.of());
    }

    @Override
    public Transition<Steps.State, String> step(Steps.State s, StepContext ctx) {
      entered.add(ctx.step() + "." + ctx.attempt());
      return Transition.fail("insufficient funds");
    }
  }
}
