package dev.weft.sqlite.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ManualClock;
import dev.weft.RunStatus;
import dev.weft.Weft;
import dev.weft.workflow.Activity;
import dev.weft.workflow.CancelledException;
import dev.weft.workflow.StartOptions;
import dev.weft.workflow.Workflow;
import dev.weft.workflow.WorkflowContext;
import dev.weft.workflow.WorkflowFailedException;
import dev.weft.workflow.WorkflowHandle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cancellation arrives at the next await point, where cleanup steps may run. */
class CancellationTest {
  @TempDir Path dir;
  final ManualClock clock = new ManualClock();

  /** Awaits with {@code waiting}; on cancellation runs a cleanup step and returns its result. */
  private static Workflow<String, String> cleaningUp(String name, Consumer<WorkflowContext> wait) {
    return Workflow.builder(name, String.class, String.class).build((in, ctx) -> {
      try {
        wait.accept(ctx);
        return "not cancelled";
      } catch (CancelledException e) {
        return ctx.step("cleanup", String.class, () -> "cleaned up after " + e.reason());
      }
    });
  }

  @Test
  void aCancelDuringASleepRunsTheCleanupStep() throws Exception {
    try (Weft weft = Flows.open(dir, clock)) {
      WorkflowHandle<String> h = weft.workflows().start(cleaningUp("sleeper",
          ctx -> ctx.sleep(Duration.ofDays(7))), "x", StartOptions.id("s"));
      Flows.awaitStatus(h, RunStatus.WAITING);
      h.cancel("user quit");
      assertEquals("cleaned up after user quit", h.result(Flows.WAIT));
      assertTrue(Flows.kinds(weft, "s").contains("WF_CANCELLED"));
    }
  }

  @Test
  void aCancelDuringASignalWaitRunsTheCleanupStep() throws Exception {
    try (Weft weft = Flows.open(dir, clock)) {
      WorkflowHandle<String> h = weft.workflows().start(cleaningUp("listener",
          ctx -> ctx.awaitSignal("approve", String.class)), "x", StartOptions.id("l"));
      Flows.awaitStatus(h, RunStatus.WAITING);
      h.cancel("withdrawn");
      assertEquals("cleaned up after withdrawn", h.result(Flows.WAIT));
    }
  }

  @Test
  void aCancelDuringAnActivityInterruptsIt() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    Activity<String, String> blocking = Activity.of("block", String.class, (s, inv) -> {
      started.countDown();
      try {
        new CountDownLatch(1).await();
        return "never";
      } catch (InterruptedException e) {
        interrupted.set(true);
        throw e;
      }
    });
    try (Weft weft = Flows.open(dir, clock)) {
      WorkflowHandle<String> h = weft.workflows().start(cleaningUp("worker",
          ctx -> ctx.activity(blocking, "x")), "x", StartOptions.id("a"));
      started.await();
      h.cancel("too slow");
      assertEquals("cleaned up after too slow", h.result(Flows.WAIT));
      assertTrue(interrupted.get(), "the activity's thread was interrupted");
    }
  }

  @Test
  void anUncaughtCancellationEndsTheRunCancelled() throws Exception {
    Workflow<String, String> wf = Workflow.builder("plain", String.class, String.class)
        .build((in, ctx) -> ctx.awaitSignal("never", String.class));
    try (Weft weft = Flows.open(dir, clock)) {
      WorkflowHandle<String> h = weft.workflows().start(wf, "x", StartOptions.id("p"));
      Flows.awaitStatus(h, RunStatus.WAITING);
      h.cancel("stop");
      WorkflowFailedException e = assertThrows(WorkflowFailedException.class,
          () -> h.result(Flows.WAIT));
      assertEquals(RunStatus.CANCELLED, e.status());
      assertEquals(RunStatus.CANCELLED, h.status());
    }
  }
}
