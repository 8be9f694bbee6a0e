package dev.weft.sqlite.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Attempt;
import dev.weft.ManualClock;
import dev.weft.Weft;
import dev.weft.workflow.Activity;
import dev.weft.workflow.ActivityFailedException;
import dev.weft.workflow.ActivityOptions;
import dev.weft.workflow.StartOptions;
import dev.weft.workflow.Workflow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Activity timeouts are enforced: the attempt's thread is interrupted, the attempt recorded. */
class TimeoutTest {
  @TempDir Path dir;

  @Test
  void anAttemptBlockedPastItsTimeoutIsInterruptedRecordedAndRetried() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger interrupted = new AtomicInteger();
    AtomicInteger attempts = new AtomicInteger();
    Activity<String, String> slowThenFast = Activity.of("slow", String.class,
        ActivityOptions.defaults().withTimeout(Duration.ofMillis(20)).withMaxAttempts(3),
        (s, inv) -> {
          if (attempts.incrementAndGet() < 3) {
            try {
              never.await();
            } catch (InterruptedException e) {
              interrupted.incrementAndGet();
              throw e;
            }
          }
          return "done on attempt " + inv.attempt();
        });
    Workflow<String, String> wf = Workflow.builder("timeouts", String.class, String.class)
        .build((in, ctx) -> ctx.activity(slowThenFast, in));
    try (Weft weft = Flows.open(dir, new ManualClock())) {
      assertEquals("done on attempt 3", weft.workflows().start(wf, "x", StartOptions.id("t"))
          .result(Flows.WAIT));
      assertEquals(2, interrupted.get());
      List<Attempt> recorded = weft.inspector().attempts("t", 0, 100);
      assertEquals(2, recorded.size());
      assertTrue(recorded.get(0).failure().message().contains("timed out"),
          recorded.get(0).failure().message());
      assertEquals("ActivityTimeout", recorded.get(0).failure().type());
    }
  }

  @Test
  void aTimedOutLastAttemptFailsTheActivityAsTimedOut() throws Exception {
    Activity<String, String> stuck = Activity.of("stuck", String.class,
        ActivityOptions.defaults().withTimeout(Duration.ofMillis(10)).withMaxAttempts(1),
        (s, inv) -> {
          new CountDownLatch(1).await();
          return "never";
        });
    Workflow<String, String> wf = Workflow.builder("stuck-flow", String.class, String.class)
        .build((in, ctx) -> ctx.activity(stuck, in));
    try (Weft weft = Flows.open(dir, new ManualClock())) {
      ActivityFailedException e = assertThrows(ActivityFailedException.class,
          () -> weft.workflows().start(wf, "x").result(Flows.WAIT));
      assertTrue(e.timedOut());
      assertEquals("stuck", e.activity());
    }
  }
}
