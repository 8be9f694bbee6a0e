package dev.weft.sqlite.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.InvalidInputException;
import dev.weft.ManualClock;
import dev.weft.RunStatus;
import dev.weft.Weft;
import dev.weft.workflow.StartOptions;
import dev.weft.workflow.Workflow;
import dev.weft.workflow.WorkflowContext;
import dev.weft.workflow.WorkflowHandle;
import dev.weft.workflow.WorkflowProgress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State, recorded values, versions, children, continue-as-new, ids and progress. */
class ModelTest {
  @TempDir Path dir;
  final ManualClock clock = new ManualClock();

  @Test
  void stateSetUpdateAndBatchAreJournaledOnceEachAndQueryable() throws Exception {
    Workflow<String, String> wf = Workflow.builder("stateful", String.class, String.class)
        .build((in, ctx) -> {
          ctx.state().set("a", 1);
          ctx.state().update(Map.of("b", 2));
          ctx.state().batch(b -> b.set("c", 3).set("d", 4));
          return ctx.awaitSignal("go", String.class);
        });
    try (Weft weft = Flows.open(dir, clock)) {
      WorkflowHandle<String> h = weft.workflows().start(wf, "x", StartOptions.id("st"));
      Flows.awaitStatus(h, RunStatus.WAITING);
      assertEquals("{\"a\":1,\"b\":2,\"c\":3,\"d\":4}", h.query().toString());
      assertEquals(3, Flows.kinds(weft, "st").stream().filter("WF_STATE"::equals).count(),
          "a batch is one entry");
      h.signal("go", "ok");
      assertEquals("ok", h.result(Flows.WAIT));
      assertEquals(3, Flows.kinds(weft, "st").stream().filter("WF_STATE"::equals).count(),
          "the replay journaled no state change again");
    }
  }

  @Test
  void nowRandomAndUuidAreTheSameOnReplay() throws Exception {
    Workflow<String, String> wf = Workflow.builder("values", String.class, String.class)
        .build((in, ctx) -> {
          String before = ctx.now() + " " + ctx.random().nextLong() + " " + ctx.uuid();
          ctx.sleep(Duration.ofHours(1));
          String after = ctx.now() + " " + ctx.random().nextLong() + " " + ctx.uuid();
          return before + " | " + after;
        });
    try (Weft weft = Flows.open(dir, clock)) {
      WorkflowHandle<String> h = weft.workflows().start(wf, "x", StartOptions.id("v"));
      Flows.awaitStatus(h, RunStatus.WAITING);
      clock.advance(Duration.ofHours(1));
      String first = h.result(Flows.WAIT);
      Workflow<String, String> replay = Workflow.builder("values", String.class, String.class)
          .build((in, ctx) -> ctx.now() + " " + ctx.random().nextLong() + " " + ctx.uuid());
      assertTrue(first.startsWith("2030-01-01T00:00:00Z "), first);
      assertTrue(first.contains(" | 2030-01-01T01:00:00Z "), first);
      assertTrue(dev.weft.workflow.Replayer.check(replay, weft.workflows().export("v"))
          .isPresent(), "a replay of part of the code ends short of the history");
    }
  }

  @Test
  void versionMarkersKeepOldRunsOnTheirPathAndNewRunsOnTheNewOne() throws Exception {
    Workflow<String, String> v1 = Workflow.builder("versioned", String.class, String.class)
        .build((in, ctx) -> {
          ctx.step("old", String.class, () -> "o");
          return ctx.awaitSignal("go", String.class);
        });
    Workflow<String, String> v2 = Workflow.builder("versioned", String.class, String.class)
        .version(2).build((in, ctx) -> {
          int v = ctx.version("new-step", WorkflowContext.DEFAULT_VERSION, 1);
          ctx.step(v == 1 ? "new" : "old", String.class, () -> "n");
          return v + ":" + ctx.awaitSignal("go", String.class);
        });
    try (Weft weft = Flows.open(dir, clock)) {
      Flows.awaitStatus(weft.workflows().start(v1, "x", StartOptions.id("old-run")),
          RunStatus.WAITING);
    }
    try (Weft weft = Flows.open(dir, clock)) {
      WorkflowHandle<String> old = weft.workflows().start(v2, "x", StartOptions.id("old-run"));
      WorkflowHandle<String> fresh = weft.workflows().start(v2, "x", StartOptions.id("new-run"));
      Flows.awaitStatus(fresh, RunStatus.WAITING);
      old.signal("go", "a");
      fresh.signal("go", "b");
      assertEquals("-1:a", old.result(Flows.WAIT));
      assertEquals("1:b", fresh.result(Flows.WAIT));
      assertEquals(1, weft.get("old-run").definition().version());
      assertEquals(2, weft.get("new-run").definition().version());
    }
  }

  @Test
  void aChildRunIsAwaitedAndKnowsItsParent() throws Exception {
    Workflow<Integer, Integer> child = Workflow.builder("square", Integer.class, Integer.class)
        .build((n, ctx) -> ctx.step("square", Integer.class, () -> n * n));
    Workflow<Integer, Integer> parent = Workflow.builder("sum-squares", Integer.class,
        Integer.class).build((n, ctx) -> {
          var a = ctx.startChild(child, n);
          var b = ctx.startChild(child, n + 1);
          return a.result() + b.result();
        });
    try (Weft weft = Flows.open(dir, clock)) {
      assertEquals(Integer.valueOf(25), weft.workflows().start(parent, 3, StartOptions.id("p"))
          .result(Flows.WAIT));
      assertEquals("p", weft.get("p/0").definition().parentRunId());
      assertEquals(RunStatus.COMPLETED, weft.get("p/1").status());
    }
  }

  @Test
  void continueAsNewStartsAFreshHistoryAndTheHandleFollowsIt() throws Exception {
    Workflow<Integer, Integer> counter = Workflow.builder("countdown", Integer.class,
        Integer.class).build((n, ctx) -> {
          ctx.step("tick", Integer.class, () -> n);
          if (n == 0) {
            return 100;
          }
          return ctx.continueAsNew(n - 1);
        });
    try (Weft weft = Flows.open(dir, clock)) {
      WorkflowHandle<Integer> h = weft.workflows().start(counter, 3, StartOptions.id("c"));
      assertEquals(Integer.valueOf(100), h.result(Flows.WAIT));
      assertEquals("c~4", h.info().runId());
      assertTrue(Flows.kinds(weft, "c~4").size() <= 4, Flows.kinds(weft, "c~4").toString());
    }
  }

  @Test
  void anExistingIdReturnsThatRunAndAnotherDefinitionUnderItIsAnError() throws Exception {
    Workflow<String, String> a = Workflow.builder("a", String.class, String.class)
        .build((in, ctx) -> ctx.awaitSignal("go", String.class));
    Workflow<String, String> b = Workflow.builder("b", String.class, String.class)
        .build((in, ctx) -> in);
    try (Weft weft = Flows.open(dir, clock)) {
      WorkflowHandle<String> h = weft.workflows().start(a, "x", StartOptions.id("same"));
      Flows.awaitStatus(h, RunStatus.WAITING);
      WorkflowHandle<String> again = weft.workflows().start(a, "x", StartOptions.id("same"));
      assertEquals(RunStatus.WAITING, again.status());
      assertThrows(InvalidInputException.class,
          () -> weft.workflows().start(b, "x", StartOptions.id("same")));
      assertThrows(dev.weft.RunNotFoundException.class,
          () -> weft.workflows().handle("nope", String.class));
    }
  }

  @Test
  void progressListsAnOwnersActiveRunsWithAgentMessageAndStep() throws Exception {
    Workflow<String, String> quiz = Workflow.builder("grading", String.class, String.class)
        .agent("Robin").step("collect", "is collecting your answers")
        .step("grade", "is grading your answers").build((in, ctx) -> {
          ctx.step("collect", String.class, () -> "answers");
          ctx.step("grade", String.class, () -> "A");
          return ctx.awaitSignal("publish", String.class);
        });
    try (Weft weft = Flows.open(dir, clock)) {
      WorkflowHandle<String> h = weft.workflows().start(quiz, "x",
          StartOptions.id("q1").withOwner("ann"));
      Flows.awaitStatus(h, RunStatus.WAITING);
      weft.workflows().start(quiz, "y", StartOptions.id("q2").withOwner("bob"));
      List<WorkflowProgress> ann = weft.workflows().progress("ann");
      assertEquals(1, ann.size());
      WorkflowProgress p = ann.get(0);
      assertEquals("Robin is grading your answers", p.message());
      assertEquals(2, p.step());
      assertEquals(2, p.total());
      assertEquals(RunStatus.WAITING, p.status());
      h.signal("publish", "done");
      h.result(Flows.WAIT);
      assertEquals(List.of(), weft.workflows().progress("ann"));
    }
  }
}
