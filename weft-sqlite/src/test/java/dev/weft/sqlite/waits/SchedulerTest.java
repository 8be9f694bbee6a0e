package dev.weft.sqlite.waits;

import static dev.weft.sqlite.waits.WaitTesting.PATIENCE;
import static dev.weft.sqlite.waits.WaitTesting.builder;
import static dev.weft.sqlite.waits.WaitTesting.kinds;
import static dev.weft.sqlite.waits.WaitTesting.log;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.JournalEntry;
import dev.weft.Loop;
import dev.weft.ManualClock;
import dev.weft.RunInfo;
import dev.weft.RunStatus;
import dev.weft.Transition;
import dev.weft.WaitFor;
import dev.weft.Weft;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler of an open Weft continues waiting runs when their signal arrives or their time
 * comes. Time is a manual clock: advancing it is what makes timers fire, at once.
 */
class SchedulerTest {
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock();

  @Test
  void aOneDaySleepCompletesAsSoonAsTheClockHasMovedADay() {
    try (Weft weft = builder(dir, clock, true).build()) {
      RunInfo sleeping = weft.run(new Waiter(), "r", List.of("sleep:86400000"));
      assertEquals(RunStatus.WAITING, sleeping.status());
      assertEquals("2030-01-02T00:00:00Z", sleeping.detail().get("until").asText());
      clock.advance(Duration.ofHours(23));
      assertEquals(RunStatus.WAITING, weft.await("r", PATIENCE).status());
      clock.advance(Duration.ofHours(1));
      RunInfo done = weft.await("r", PATIENCE);
      assertEquals(RunStatus.COMPLETED, done.status());
      assertEquals(List.of("timer"), log(done));
      JournalEntry fired = weft.inspector().history("r", 3, 1).get(0);
      assertEquals("TIMER_FIRED", fired.kind());
      assertEquals("{\"due\":\"2030-01-02T00:00:00Z\"}", fired.data().toString());
    }
  }

  @Test
  void aSignalWithATimeoutTimesOutWhenNothingArrivesInTime() {
    try (Weft weft = builder(dir, clock, true).build()) {
      weft.run(new Waiter(), "slow", List.of("signal:go:3600000"));
      weft.run(new Waiter(), "fast", List.of("signal:go:3600000"));
      weft.signal("fast", "go", "in time");
      assertEquals(List.of("signal go=\"in time\""), log(weft.await("fast", PATIENCE)));
      assertEquals(RunStatus.WAITING, weft.await("slow", PATIENCE).status());
      clock.advance(Duration.ofHours(1));
      RunInfo timedOut = weft.await("slow", PATIENCE);
      assertEquals(List.of("timeout go"), log(timedOut));
      assertEquals(List.of("RUN_STARTED", "STEP_COMMITTED", "RUN_WAITING", "WAIT_TIMED_OUT",
          "STEP_COMMITTED", "RUN_COMPLETED"), kinds(weft, "slow"));
    }
  }

  @Test
  void eachSignalContinuesTheRunToItsNextWait() {
    try (Weft weft = builder(dir, clock, true).build()) {
      weft.run(new Waiter(), "r", List.of("signal:go", "step", "signal:go"));
      // The scheduler may already be executing the woken run when signal() reads it back.
      RunStatus afterSignal = weft.signal("r", "go", 1).status();
      assertTrue(afterSignal == RunStatus.WAITING || afterSignal == RunStatus.RUNNING,
          "the signal was accepted by a waiting run, not " + afterSignal);
      RunInfo second = weft.await("r", PATIENCE);
      assertEquals(RunStatus.WAITING, second.status());
      assertEquals(3, second.steps());
      weft.signal("r", "go", 2);
      assertEquals(List.of("signal go=1", "none", "signal go=2"),
          log(weft.await("r", PATIENCE)));
      assertTrue(weft.inspector().verify("r").intact());
    }
  }

  @Test
  void aTimerThatFellDueWhileNoWeftWasOpenFiresWhenOneOpens() {
    try (Weft first = builder(dir, clock, true).build()) {
      first.run(new Waiter(), "r", List.of("sleep:3600000"));
    }
    clock.advance(Duration.ofHours(5));
    try (Weft second = builder(dir, clock, true).build()) {
      RunInfo done = second.await("r", PATIENCE);
      assertEquals(List.of("timer"), log(done));
      JournalEntry fired = second.inspector().history("r", 3, 1).get(0);
      assertEquals("{\"due\":\"2030-01-01T01:00:00Z\"}", fired.data().toString());
      assertEquals("2030-01-01T05:00:00Z", fired.at().toString(), "fired late, at the start");
    }
  }

  @Test
  void runsOfADefinitionAreContinuedOnceTheSchedulerKnowsIt() {
    try (Weft first = builder(dir, clock, false).build()) {
      first.run(new Waiter(), "r", List.of("signal:go"));
      first.signal("r", "go", 1);
    }
    try (Weft second = Weft.builder().url("sqlite:" + dir.resolve("weft.db")).clock(clock)
        .build()) {
      assertEquals(RunStatus.WAITING, second.get("r").status());
      second.register(new Waiter());
      assertEquals(List.of("signal go=1"), log(second.await("r", PATIENCE)));
    }
  }

  @Test
  void aRunTheSchedulerWasExecutingWhenWeftClosedIsContinuedByTheNextOne() throws Exception {
    CountDownLatch inStep = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Waiter blocking = new Waiter((ctx, s) -> {
      if (s.next() == 1) {
        inStep.countDown();
        assertTrue(release.await(30, TimeUnit.SECONDS));
      }
    });
    Weft first = builder(dir, clock, true, blocking).build();
    first.run(blocking, "r", List.of("signal:go", "step", "step"));
    first.signal("r", "go", 1);
    assertTrue(inStep.await(30, TimeUnit.SECONDS));
    Thread closing = Thread.ofVirtual().start(first::close);
    while (!first.isClosing()) {
      Thread.onSpinWait();
    }
    release.countDown();
    closing.join();
    RunInfo paused;
    try (Weft look = builder(dir, clock, false).build()) {
      paused = look.get("r");
    }
    assertEquals(RunStatus.PAUSED, paused.status());
    assertEquals(2, paused.steps(), "the woken step committed, then the run paused");
    try (Weft second = builder(dir, clock, true).build()) {
      assertEquals(List.of("signal go=1", "none", "none"), log(second.await("r", PATIENCE)));
    }
  }

  @Test
  void runningAnIdThatTheSchedulerIsContinuingReportsWhereThatExecutionGetsTo()
      throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Loop<Integer, Integer, String> twoSteps = Loop.of("two-steps", Integer.class, Integer.class,
        String.class, in -> 0, (s, ctx) -> {
          if (s == 0) {
            return Transition.await(1, WaitFor.sleep(Duration.ofMinutes(1)));
          }
          entered.countDown();
          assertTrue(release.await(30, TimeUnit.SECONDS));
          return Transition.complete("done");
        });
    try (Weft weft = builder(dir, clock, true).register(twoSteps).build()) {
      assertEquals(RunStatus.WAITING, weft.run(twoSteps, "r", 7).status());
      clock.advance(Duration.ofMinutes(1));
      assertTrue(entered.await(30, TimeUnit.SECONDS), "the scheduler continues the run");
      CompletableFuture<RunInfo> again = CompletableFuture.supplyAsync(
          () -> weft.run(twoSteps, "r", 7));
      release.countDown();
      RunInfo done = again.get(30, TimeUnit.SECONDS);
      assertEquals(RunStatus.COMPLETED, done.status(), done::toString);
      assertEquals("done", done.result().asText());
    }
  }
}

