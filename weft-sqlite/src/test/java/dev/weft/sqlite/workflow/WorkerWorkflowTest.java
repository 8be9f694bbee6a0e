package dev.weft.sqlite.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.RunStatus;
import dev.weft.Weft;
import dev.weft.WeftBuilder;
import dev.weft.Worker;
import dev.weft.WorkerOptions;
import dev.weft.workflow.CancelledException;
import dev.weft.workflow.StartOptions;
import dev.weft.workflow.Workflow;
import dev.weft.workflow.WorkflowHandle;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workflow runs under workers, with the roles split as in a deployment: one instance starts a
 * workflow and goes away while it waits, a worker instance that registers the workflow
 * executes it from then on, and a client instance that knows no workflow code signals or
 * cancels it through the store.
 */
class WorkerWorkflowTest {
  @TempDir Path dir;

  /** Waits for a name; greets it, or on cancellation runs a cleanup step. */
  private static Workflow<String, String> greeter() {
    return Workflow.builder("greeter", String.class, String.class).build((in, ctx) -> {
      try {
        String name = ctx.awaitSignal("name", String.class);
        return ctx.step("greet", String.class, () -> in + " " + name);
      } catch (CancelledException e) {
        return ctx.step("cleanup", String.class, () -> "cleaned up after " + e.reason());
      }
    });
  }

  private Weft open(boolean withWorkflow) {
    WeftBuilder b = Weft.builder().url("sqlite:" + dir.resolve("weft.db")).scheduler(false);
    if (withWorkflow) {
      b.register(greeter());
    }
    return b.build();
  }

  /** Starts a greeter run in an instance that closes once the run waits for its signal. */
  private void startAndLeave(String runId) throws InterruptedException {
    try (Weft starter = open(true)) {
      WorkflowHandle<String> h = starter.workflows().start(greeter(), "hello",
          StartOptions.id(runId));
      Flows.awaitStatus(h, RunStatus.WAITING);
    }
  }

  private Worker worker() {
    return Worker.start(open(true), WorkerOptions.defaults().withPoll(Duration.ofMillis(50)));
  }

  @Test
  void aWorkerContinuesAWorkflowThatAnotherInstanceStartedOnceItsSignalArrives()
      throws Exception {
    startAndLeave("w1");
    try (Worker worker = worker(); Weft client = open(false)) {
      client.signal("w1", "name", "Ada");
      WorkflowHandle<String> h = client.workflows().handle("w1", String.class);
      assertEquals("hello Ada", h.result(Flows.WAIT));
      assertTrue(worker.executed() >= 1, "the worker executed it");
      assertTrue(client.inspector().verify("w1").intact());
    }
  }

  @Test
  void aCancelFromAnInstanceWithoutTheWorkflowReachesItWhereAWorkerExecutesIt()
      throws Exception {
    startAndLeave("w2");
    try (Worker worker = worker(); Weft client = open(false)) {
      WorkflowHandle<String> h = client.workflows().handle("w2", String.class);
      h.cancel("withdrawn");
      // The run waits for a signal that never comes: only the cancellation can wake it.
      assertEquals("cleaned up after withdrawn", h.result(Flows.WAIT));
      assertTrue(Flows.kinds(client, "w2").contains("WF_CANCELLED"));
      assertTrue(worker.executed() >= 1, "the worker executed it");
    }
  }
}
