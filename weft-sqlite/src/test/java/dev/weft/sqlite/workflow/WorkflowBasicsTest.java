package dev.weft.sqlite.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ManualClock;
import dev.weft.RunStatus;
import dev.weft.Weft;
import dev.weft.workflow.Activity;
import dev.weft.workflow.ActivityFailedException;
import dev.weft.workflow.ActivityOptions;
import dev.weft.workflow.StartOptions;
import dev.weft.workflow.StillRunningException;
import dev.weft.workflow.Workflow;
import dev.weft.workflow.WorkflowHandle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowBasicsTest {
  @TempDir Path dir;
  final ManualClock clock = new ManualClock();

  @Test
  void aRecordedActivityIsNotExecutedAgainWhenTheWorkflowIsReplayedAfterASleep()
      throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (Weft weft = Flows.open(dir, clock)) {
      WorkflowHandle<Integer> h = weft.workflows().start(Flows.doubleSleepAdd(calls), 20,
          StartOptions.id("w1"));
      Flows.awaitStatus(h, RunStatus.WAITING);
      assertThrows(StillRunningException.class, () -> h.result(Duration.ofMillis(1)));
      assertEquals(Integer.valueOf(40), h.query("doubled", Integer.class));
      clock.advance(Duration.ofDays(1));
      assertEquals(Integer.valueOf(41), h.result(Flows.WAIT));
      assertEquals(1, calls.get(), "the activity ran once, though the code ran twice");
      assertEquals(List.of("INFO doubled 20 to 40"), weft.workflows().logs("w1"),
          "the log line is stored once");
      assertTrue(weft.inspector().verify("w1").intact());
    }
  }

  @Test
  void anActivityFailureIsCatchableWithItsNameAndMessage() {
    Activity<String, String> bad = Activity.of("reject", String.class,
        ActivityOptions.defaults(), (s, inv) -> {
          throw new IllegalArgumentException("no such card " + s);
        });
    Workflow<String, String> wf = Workflow.builder("catcher", String.class, String.class)
        .build((s, ctx) -> {
          try {
            return ctx.activity(bad, s);
          } catch (ActivityFailedException e) {
            return e.activity() + ": " + e.failure().message();
          }
        });
    try (Weft weft = Flows.open(dir, clock)) {
      assertEquals("reject: no such card 42", weft.workflows().start(wf, "42").result(Flows.WAIT));
    }
  }

  @Test
  void catchingExceptionAroundAWaitDoesNotSwallowTheSuspension() throws Exception {
    Workflow<String, String> wf = Workflow.builder("greedy", String.class, String.class)
        .build((s, ctx) -> {
          try {
            return ctx.awaitSignal("go", String.class);
          } catch (Exception e) {
            return "swallowed " + e;
          }
        });
    try (Weft weft = Flows.open(dir, clock)) {
      WorkflowHandle<String> h = weft.workflows().start(wf, "x", StartOptions.id("g"));
      Flows.awaitStatus(h, RunStatus.WAITING);
      h.signal("go", "went");
      assertEquals("went", h.result(Flows.WAIT));
      assertFalse(Flows.kinds(weft, "g").contains("RUN_FAILED"));
    }
  }
}
