package dev.weft.sqlite.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Backoff;
import dev.weft.ManualClock;
import dev.weft.RunStatus;
import dev.weft.StepException;
import dev.weft.Weft;
import dev.weft.workflow.Activity;
import dev.weft.workflow.ActivityFailedException;
import dev.weft.workflow.ActivityOptions;
import dev.weft.workflow.StartOptions;
import dev.weft.workflow.Workflow;
import dev.weft.workflow.WorkflowFailedException;
import dev.weft.workflow.WorkflowHandle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How runs end: timeouts of signal waits, retries, failures of children and of code. */
class OutcomesTest {
  @TempDir Path dir;
  final ManualClock clock = new ManualClock();

  @Test
  void aSignalWaitWithATimeoutReturnsEmptyWhenTheTimeComesFirst() throws Exception {
    Workflow<String, String> wf = Workflow.builder("deadline", String.class, String.class)
        .build((in, ctx) -> {
          Optional<String> answer = ctx.awaitSignal("answer", String.class, Duration.ofHours(2));
          return answer.orElse("no answer by " + ctx.now());
        });
    try (Weft weft = Flows.open(dir, clock)) {
      WorkflowHandle<String> h = weft.workflows().start(wf, "x", StartOptions.id("d"));
      Flows.awaitStatus(h, RunStatus.WAITING);
      clock.advance(Duration.ofHours(2));
      assertEquals("no answer by 2030-01-01T02:00:00Z", h.result(Flows.WAIT));
    }
  }

  @Test
  void failedAttemptsAreRetriedWithBackoffOnTheRunsClock() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Activity<String, String> flaky = Activity.of("flaky", String.class, ActivityOptions
        .defaults().withMaxAttempts(3).withBackoff(Backoff.fixed(Duration.ofMinutes(1))),
        (s, inv) -> {
          if (calls.incrementAndGet() < 3) {
            throw StepException.transientError("busy");
          }
          return "ok after " + inv.attempt();
        });
    Workflow<String, String> wf = Workflow.builder("retrying", String.class, String.class)
        .build((in, ctx) -> ctx.activity(flaky, in));
    try (Weft weft = Flows.open(dir, clock)) {
      assertEquals("ok after 3", weft.workflows().start(wf, "x").result(Flows.WAIT));
      assertEquals(List.of(Duration.ofMinutes(1), Duration.ofMinutes(1)), clock.sleeps());
    }
  }

  @Test
  void aRunFailedByAnActivityIsRetriedFromThatActivity() throws Exception {
    AtomicBoolean fixed = new AtomicBoolean();
    AtomicInteger before = new AtomicInteger();
    Activity<String, String> prepare = Activity.of("prepare", String.class, (s, inv) -> {
      before.incrementAndGet();
      return "prepared";
    });
    Activity<String, String> ship = Activity.of("ship", String.class, (s, inv) -> {
      if (!fixed.get()) {
        throw new IllegalArgumentException("no address");
      }
      return "shipped";
    });
    Workflow<String, String> wf = Workflow.builder("shipping", String.class, String.class)
        .build((in, ctx) -> ctx.activity(prepare, in) + " " + ctx.activity(ship, in));
    try (Weft weft = Flows.open(dir, clock)) {
      WorkflowHandle<String> h = weft.workflows().start(wf, "x", StartOptions.id("sh"));
      ActivityFailedException e = assertThrows(ActivityFailedException.class,
          () -> h.result(Flows.WAIT));
      assertEquals("ship", e.activity());
      assertEquals("no address", e.failure().message());
      fixed.set(true);
      assertEquals(RunStatus.COMPLETED, weft.retry("sh").status());
      assertEquals("prepared shipped", h.result(Flows.WAIT));
      assertEquals(1, before.get(), "the activity before the failure did not run again");
    }
  }

  @Test
  void aFailedChildIsAWorkflowFailedExceptionInItsParent() throws Exception {
    Workflow<String, String> child = Workflow.builder("broken", String.class, String.class)
        .build((in, ctx) -> {
          throw new IllegalStateException("child broke on " + in);
        });
    Workflow<String, String> parent = Workflow.builder("parent", String.class, String.class)
        .build((in, ctx) -> {
          try {
            return ctx.child(child, in);
          } catch (WorkflowFailedException e) {
            return "child " + e.status() + ": " + e.failure().message();
          }
        });
    try (Weft weft = Flows.open(dir, clock)) {
      assertEquals("child FAILED: child broke on x", weft.workflows().start(parent, "x")
          .result(Flows.WAIT));
    }
  }

  @Test
  void anExceptionEscapingTheCodeFailsTheRunWithItsMessage() throws Exception {
    Workflow<String, String> wf = Workflow.builder("throws", String.class, String.class)
        .build((in, ctx) -> {
          ctx.step("first", () -> { });
          throw new IllegalStateException("bad " + in);
        });
    try (Weft weft = Flows.open(dir, clock)) {
      WorkflowHandle<String> h = weft.workflows().start(wf, "x", StartOptions.id("t"));
      WorkflowFailedException e = assertThrows(WorkflowFailedException.class,
          () -> h.result(Flows.WAIT));
      assertEquals(RunStatus.FAILED, e.status());
      assertTrue(e.getMessage().contains("bad x"), e.getMessage());
      assertTrue(weft.inspector().verify("t").intact());
    }
  }

  @Test
  void aCommandInsideAStepBodyFailsThatStepWithAClearMessage() throws Exception {
    Workflow<String, String> wf = Workflow.builder("nested", String.class, String.class)
        .build((in, ctx) -> {
          try {
            return ctx.step("outer", String.class, () -> ctx.step("inner", String.class,
                () -> "x"));
          } catch (ActivityFailedException e) {
            return e.failure().message();
          }
        });
    try (Weft weft = Flows.open(dir, clock)) {
      String message = weft.workflows().start(wf, "x").result(Flows.WAIT);
      assertTrue(message.contains("the body of step 'outer' makes a step ('inner')"), message);
    }
  }
}
