package dev.weft.sqlite.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ManualClock;
import dev.weft.RunStatus;
import dev.weft.Weft;
import dev.weft.workflow.Activity;
import dev.weft.workflow.NonDeterminismException;
import dev.weft.workflow.StartOptions;
import dev.weft.workflow.Workflow;
import dev.weft.workflow.WorkflowHandle;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run recorded by one version of the code and woken under another: each kind of change is
 * named in the error, and the run stops FAILED instead of hanging.
 */
class NonDeterminismTest {
  @TempDir Path dir;
  final ManualClock clock = new ManualClock();

  /** Steps a and b with argument {@code arg} to activity "echo", then a signal wait. */
  private static Workflow<String, String> flow(String first, String second, String arg) {
    Activity<String, String> echo = Activity.of("echo", String.class, (s, inv) -> s);
    return Workflow.builder("changing", String.class, String.class).build((in, ctx) -> {
      String a = ctx.step(first, String.class, () -> "A");
      String b = ctx.step(second, String.class, () -> "B");
      String e = ctx.activity(echo, arg);
      return a + b + e + ctx.awaitSignal("go", String.class);
    });
  }

  private NonDeterminismException replayUnder(Workflow<String, String> changed)
      throws Exception {
    try (Weft weft = Flows.open(dir, clock)) {
      WorkflowHandle<String> h = weft.workflows().start(flow("a", "b", "x"), "in",
          StartOptions.id("r"));
      Flows.awaitStatus(h, RunStatus.WAITING);
    }
    try (Weft weft = Flows.open(dir, clock)) {
      WorkflowHandle<String> h = weft.workflows().start(changed, "in", StartOptions.id("r"));
      h.signal("go", "!");
      NonDeterminismException e = assertThrows(NonDeterminismException.class,
          () -> h.result(Flows.WAIT));
      assertEquals(RunStatus.FAILED, h.status());
      assertTrue(weft.get("r").failure().message().contains("position " + e.position()));
      return e;
    }
  }

  @Test
  void aRenamedStepIsReportedAtItsPosition() throws Exception {
    NonDeterminismException e = replayUnder(flow("a", "b2", "x"));
    assertEquals(1, e.position());
    assertEquals("step 'b'", e.recorded());
    assertEquals("step 'b2'", e.actual());
  }

  @Test
  void reorderedStepsAreReportedAtTheFirstPositionThatDiffers() throws Exception {
    NonDeterminismException e = replayUnder(flow("b", "a", "x"));
    assertEquals(0, e.position());
    assertEquals("step 'a'", e.recorded());
    assertEquals("step 'b'", e.actual());
  }

  @Test
  void aChangedActivityArgumentIsReportedWithBothHashes() throws Exception {
    NonDeterminismException e = replayUnder(flow("a", "b", "y"));
    assertEquals(2, e.position());
    assertTrue(e.recorded().startsWith("activity 'echo' with argument hash "), e.recorded());
    assertTrue(e.actual().startsWith("activity 'echo' with argument hash "), e.actual());
    assertTrue(!e.recorded().equals(e.actual()));
    assertTrue(e.getMessage().contains("at position 2"), e.getMessage());
  }

  @Test
  void unchangedCodeReplaysToTheEnd() throws Exception {
    try (Weft weft = Flows.open(dir, clock)) {
      Flows.awaitStatus(weft.workflows().start(flow("a", "b", "x"), "in", StartOptions.id("r")),
          RunStatus.WAITING);
    }
    try (Weft weft = Flows.open(dir, clock)) {
      WorkflowHandle<String> h = weft.workflows().start(flow("a", "b", "x"), "in",
          StartOptions.id("r"));
      h.signal("go", "!");
      assertEquals("ABx!", h.result(Flows.WAIT));
    }
  }
}
