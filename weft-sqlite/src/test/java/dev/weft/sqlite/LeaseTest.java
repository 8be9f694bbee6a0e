package dev.weft.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.LeaseLostException;
import dev.weft.ManualClock;
import dev.weft.RunHeldException;
import dev.weft.RunInfo;
import dev.weft.RunOptions;
import dev.weft.RunStatus;
import dev.weft.Weft;
import dev.weft.spi.Claim;
import dev.weft.spi.Commit;
import dev.weft.spi.RunRecord;
import dev.weft.spi.RunUpdate;
import dev.weft.spi.StaleCommitException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exactly one executor per run, even between two Weft instances in one process. */
class LeaseTest {
  @TempDir Path dir;

  @Test
  void aSecondInstanceCannotResumeARunThatALiveExecutorHolds() throws Exception {
    CountDownLatch inStep = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger step1Entered = new AtomicInteger();
    Steps loop = new Steps((ctx, s) -> {
      if (ctx.step() == 1) {
        step1Entered.incrementAndGet();
        inStep.countDown();
        assertTrue(release.await(30, TimeUnit.SECONDS));
      }
      return null;
    });
    AtomicReference<RunInfo> result = new AtomicReference<>();
    try (Weft first = Weft.open(Fixture.url(dir)); Weft second = Weft.open(Fixture.url(dir))) {
      Thread runner = Thread.ofVirtual().name("first-executor")
          .start(() -> result.set(first.run(loop, "r", new Steps.Input(2))));
      try {
        assertTrue(inStep.await(30, TimeUnit.SECONDS));
        second.register(loop);
        RunInfo seen = second.get("r");
        assertEquals(RunStatus.RUNNING, seen.status());
        String holder = seen.holder();
        assertNotNull(holder);
        RunHeldException held = assertThrows(RunHeldException.class, () -> second.resume("r"));
        assertTrue(held.getMessage().contains("held by " + holder + " until "),
            held.getMessage());
        assertEquals(holder, held.holder());
        assertTrue(held.until().isAfter(Instant.now()), "the lease is unexpired");
        assertThrows(RunHeldException.class,
            () -> second.run(loop, "r", new Steps.Input(2)),
            "starting the same id again also meets the lease");
      } finally {
        release.countDown();
        runner.join(30_000);
      }
      assertEquals(RunStatus.COMPLETED, result.get().status());
      assertEquals(1, step1Entered.get(), "the second instance never executed the step");
      assertEquals(3, Fixture.count(first, "r", "STEP_COMMITTED"));
    }
  }

  @Test
  void aLeaseHeldByAProcessThatNoLongerExistsIsTakenOverAtOnce() {
    try (Weft weft = Weft.open(Fixture.url(dir))) {
      weft.run(new Steps((ctx, s) -> null), "r", new Steps.Input(3),
          RunOptions.defaults().withMaxSteps(1));
      Fixture.holdAs(weft, "r", Fixture.deadOwner(),
          System.currentTimeMillis() + Duration.ofHours(1).toMillis());
      RunInfo done = weft.resume("r");
      assertEquals(RunStatus.COMPLETED, done.status());
    }
  }

  @Test
  void aLeaseHeldOnAnotherHostIsWaitedForWithoutRealSleeping() {
    ManualClock clock = new ManualClock();
    try (Weft weft = Weft.builder().url(Fixture.url(dir)).clock(clock).build()) {
      weft.run(new Steps((ctx, s) -> null), "r", new Steps.Input(3),
          RunOptions.defaults().withMaxSteps(1));
      Fixture.holdAs(weft, "r", "elsewhere/42/1/1", clock.millis() + 1_000);
      RunHeldException held = assertThrows(RunHeldException.class, () -> weft.resume("r"));
      assertTrue(held.getMessage().contains("held by elsewhere/42/1/1 until "),
          held.getMessage());
      RunInfo done = weft.resumeWhenFree("r", RunOptions.defaults());
      assertEquals(RunStatus.COMPLETED, done.status());
      Duration waited = clock.sleeps().stream().reduce(Duration.ZERO, Duration::plus);
      assertTrue(waited.compareTo(Duration.ofSeconds(1)) >= 0
          && waited.compareTo(Duration.ofSeconds(2)) < 0, "waited " + waited);
    }
  }

  @Test
  void aCommitWithAStaleEpochIsRejected() {
    AtomicReference<Weft> self = new AtomicReference<>();
    AtomicReference<RunRecord> before = new AtomicReference<>();
    Steps loop = new Steps((ctx, s) -> {
      if (ctx.step() == 1) {
        // Another executor takes the run over while this step is computing.
        RunRecord run = self.get().store().find(ctx.runId()).orElseThrow();
        before.set(run);
        long far = System.currentTimeMillis() + Duration.ofHours(1).toMillis();
        Claim c = self.get().store().claim(new Claim.Request(ctx.runId(), "usurper/1/1/1",
            far - 1, far, run.lease().epoch()));
        assertTrue(c instanceof Claim.Granted);
      }
      return "s" + ctx.step();
    });
    try (Weft weft = Weft.open(Fixture.url(dir))) {
      self.set(weft);
      LeaseLostException lost = assertThrows(LeaseLostException.class,
          () -> weft.run(loop, "r", new Steps.Input(3)));
      assertTrue(lost.getMessage().contains("'r'"), lost.getMessage());
      RunInfo run = weft.get("r");
      assertEquals(1, run.steps(), "step 1's commit was refused");
      assertEquals(1, Fixture.count(weft, "r", "STEP_COMMITTED"));
      assertEquals("usurper/1/1/1", run.holder());
      assertTrue(weft.inspector().verify("r").intact());

      RunRecord stale = before.get();
      RunRecord now = weft.store().find("r").orElseThrow();
      StaleCommitException e = assertThrows(StaleCommitException.class, () -> weft.store()
          .commit(new Commit(stale.key(), "r", stale.lease().epoch(), now.chain().count(),
              List.of(), now.chain(), new RunUpdate(RunStatus.COMPLETED, 9, null, null, null,
                  null, null, true), List.of(), List.of(), List.of(), true)));
      assertTrue(e.leaseLost());
      assertEquals(RunStatus.RUNNING, weft.get("r").status(), "nothing was written");

      RunHeldException held = assertThrows(RunHeldException.class, () -> weft.resume("r"));
      assertTrue(held.getMessage().contains("usurper/1/1/1"), held.getMessage());
    }
  }
}
