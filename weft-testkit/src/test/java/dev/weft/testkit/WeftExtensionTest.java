package dev.weft.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.workflow.Activity;
import dev.weft.workflow.NonDeterminismException;
import dev.weft.workflow.Workflow;
import dev.weft.workflow.WorkflowHandle;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(WeftExtension.class)
class WeftExtensionTest {
  static final Activity<String, String> GREET = Activity.of("greet", String.class,
      (name, inv) -> "hello " + name);

  static Workflow<String, String> reminder(String step) {
    return Workflow.builder("reminder", String.class, String.class).build((name, ctx) -> {
      String greeting = ctx.activity(GREET, name);
      ctx.sleep(Duration.ofDays(1));
      ctx.step(step, () -> { });
      return greeting + " at " + ctx.now();
    });
  }

  @Test
  void aOneDaySleepCompletesAtOnce(TestWeft weft) {
    WorkflowHandle<String> h = weft.start(reminder("remind"), "ann");
    assertEquals("hello ann at 2030-01-02T00:00:00Z", weft.result(h));
    assertEquals(Instant.parse("2030-01-02T00:00:00Z"), weft.clock().instant());
    weft.journal(h.runId()).hasActivity("greet", 1)
        .containsInOrder("TOOL_INTENT", "TOOL_RESULT", "WF_SLEEP", "TIMER_FIRED", "WF_STEP")
        .count("RUN_COMPLETED", 1);
  }

  @Test
  void anExportedHistoryReplaysAgainstTheSameCodeAndReportsChangedCode(TestWeft weft,
      @TempDir Path dir) {
    WorkflowHandle<String> h = weft.start(reminder("remind"), "bob");
    weft.result(h);
    Path file = dir.resolve("reminder.json");
    weft.export(h.runId(), file);
    TestWeft.assertReplays(reminder("remind"), file);
    NonDeterminismException e = assertThrows(NonDeterminismException.class,
        () -> TestWeft.assertReplays(reminder("renamed"), file));
    assertEquals(2, e.position());
    assertEquals("step 'remind'", e.recorded());
  }
}
