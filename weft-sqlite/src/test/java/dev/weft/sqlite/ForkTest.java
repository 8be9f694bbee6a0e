package dev.weft.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.ForkPoint;
import dev.weft.JournalEntry;
import dev.weft.ManualClock;
import dev.weft.RunInfo;
import dev.weft.RunOptions;
import dev.weft.RunStatus;
import dev.weft.SnapshotOptions;
import dev.weft.Tool;
import dev.weft.Weft;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forks start a new run at a step of another run, or at one of its snapshots, and continue from
 * there: same step numbers, same state, same result.
 */
class ForkTest {
  @TempDir Path dir;
  Weft weft;

  /** Six steps, each logging its own step number: the result shows which steps ran where. */
  static final Steps SIX = new Steps((ctx, s) -> "s" + ctx.step());

  static final List<String> RESULT = List.of("s0", "s1", "s2", "s3", "s4", "s5");

  @BeforeEach
  void open() {
    weft = Weft.builder().url(Fixture.url(dir)).clock(new ManualClock()).build();
    weft.register(SIX);
  }

  @AfterEach
  void close() {
    weft.close();
  }

  @Test
  void aForkAtAStepBeginsThereWithThatStateAndCompletesWithTheOriginalsResult() {
    RunInfo original = weft.run(SIX, "orig", new Steps.Input(6));
    assertEquals(RESULT, original.result(List.class));
    RunInfo fork = weft.fork("orig", ForkPoint.atStep(3), "fork");
    assertEquals(RunStatus.PENDING, fork.status());
    assertEquals(3, fork.steps());
    assertEquals(new Steps.State(3, 6, List.of("s0", "s1", "s2")),
        fork.state(Steps.State.class));
    assertEquals("orig", fork.definition().parentRunId());
    assertEquals(new RunInfo.ForkedFrom("orig", 3, null), fork.definition().forkedFrom());
    RunInfo done = weft.resume("fork");
    assertEquals(RunStatus.COMPLETED, done.status());
    assertEquals(RESULT, done.result(List.class));
    assertEquals(7, done.steps());
    List<JournalEntry> history = Fixture.history(weft, "fork");
    JournalEntry started = history.get(0);
    assertEquals("RUN_STARTED", started.kind());
    assertEquals(3, started.step());
    assertEquals("{\"run\":\"orig\",\"step\":3}", Objects.requireNonNull(started.data())
        .get("forked_from").toString());
    assertEquals(6, started.data().get("input").get("target").asInt());
    assertEquals(List.of(3L, 4L, 5L, 6L), history.stream()
        .filter(e -> e.kind().equals("STEP_COMMITTED")).map(JournalEntry::step).toList());
    assertTrue(weft.inspector().verify("fork").intact());
    assertEquals(original.result(), weft.get("orig").result(), "the original is untouched");
  }

  @Test
  void aForkOfASnapshotStartsFromItsStateAfterTheOriginalMovedOn() {
    RunInfo paused = weft.run(SIX, "orig", new Steps.Input(6),
        RunOptions.defaults().withMaxSteps(2));
    assertEquals(RunStatus.PAUSED, paused.status());
    weft.snapshots().create("orig", "after-two", SnapshotOptions.defaults());
    weft.resume("orig");
    RunInfo fork = weft.fork("orig", ForkPoint.snapshot("after-two"), "fork");
    assertEquals(new RunInfo.ForkedFrom("orig", 2, "after-two"), fork.definition().forkedFrom());
    assertEquals(2, fork.steps());
    assertEquals(RESULT, weft.resume("fork").result(List.class));
    assertEquals("{\"run\":\"orig\",\"step\":2,\"snapshot\":\"after-two\"}",
        Objects.requireNonNull(Fixture.history(weft, "fork").get(0).data()).get("forked_from")
            .toString());
  }

  @Test
  void aForkAtStepZeroBeginsFromTheInitialState() {
    weft.run(SIX, "orig", new Steps.Input(6));
    RunInfo fork = weft.fork("orig", ForkPoint.atStep(0), "fork");
    assertEquals(0, fork.steps());
    assertEquals(new Steps.State(0, 6, List.of()), fork.state(Steps.State.class));
    assertEquals(RESULT, weft.resume("fork").result(List.class));
  }

  @Test
  void aForkAtTheLastStepOfACompletedRunRunsItsCompletingStepAgain() {
    RunInfo original = weft.run(SIX, "orig", new Steps.Input(6));
    assertEquals(7, original.steps(), "six steps and the one that completed the run");
    RunInfo fork = weft.fork("orig", ForkPoint.atStep(6), "fork");
    assertEquals(original.state(), fork.state());
    assertEquals(RESULT, weft.resume("fork").result(List.class));
  }

  @Test
  void aForkOfAPausedRunAtItsCurrentStepContinuesLikeTheRunWould() {
    weft.run(SIX, "orig", new Steps.Input(6), RunOptions.defaults().withMaxSteps(4));
    RunInfo fork = weft.fork("orig", ForkPoint.atStep(4), "fork");
    assertEquals(weft.get("orig").state(), fork.state());
    assertEquals(RESULT, weft.resume("fork").result(List.class));
    assertEquals(RESULT, weft.resume("orig").result(List.class));
  }

  @Test
  void aForkOfAForkHasStatesOnlyFromWhereItBegan() {
    weft.run(SIX, "orig", new Steps.Input(6));
    weft.fork("orig", ForkPoint.atStep(3), "f1");
    weft.resume("f1");
    RunInfo f2 = weft.fork("f1", ForkPoint.atStep(4), "f2");
    assertEquals(new RunInfo.ForkedFrom("f1", 4, null), f2.definition().forkedFrom());
    assertEquals(RESULT, weft.resume("f2").result(List.class));
    RunInfo atStart = weft.fork("f1", ForkPoint.atStep(3), "f3");
    assertEquals(3, atStart.steps());
  }

  @Test
  void aForkMakesTheToolCallsAfterItsForkPointAgainUnderItsOwnKeys() {
    List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    Tool<String, String> charge = Tool.of("charge", String.class, String.class, (arg, inv) -> {
      calls.add(inv.idempotencyKey());
      return "ok-" + arg;
    });
    Steps charging = new Steps("charging", (ctx, s) -> ctx.callTool("charge", "o" + ctx.step(),
        String.class), dev.weft.LoopOptions.defaults(), List.of(charge));
    assertEquals(List.of("ok-o0", "ok-o1", "ok-o2", "ok-o3"),
        weft.run(charging, "orig", new Steps.Input(4)).result(List.class));
    calls.clear();
    weft.fork("orig", ForkPoint.atStep(2), "fork");
    assertEquals(List.of("ok-o0", "ok-o1", "ok-o2", "ok-o3"),
        weft.resume("fork").result(List.class));
    assertEquals(List.of("fork/s2.c0", "fork/s3.c0"), calls);
    assertEquals(2, weft.inspector().toolCalls("fork", 0, 100).size());
  }

  @Test
  void getAndExplainShowWhereAForkCameFrom() {
    weft.run(SIX, "orig", new Steps.Input(6));
    weft.snapshots().create("orig", "mid", SnapshotOptions.defaults().withAtStep(2L));
    weft.fork("orig", ForkPoint.snapshot("mid"), "fork");
    RunInfo got = weft.inspector().get("fork");
    assertEquals(new RunInfo.ForkedFrom("orig", 2, "mid"), got.definition().forkedFrom());
    JsonNode explained = weft.inspector().explain("fork");
    assertEquals("{\"run\":\"orig\",\"step\":2,\"snapshot\":\"mid\"}",
        explained.get("forked_from").toString());
    assertTrue(explained.get("summary").toString().contains(
        "It was forked from run orig at step 2 (snapshot mid)"), explained::toString);
    assertNull(weft.get("orig").definition().forkedFrom());
    assertNull(weft.inspector().explain("orig").get("forked_from"));
  }

  @Test
  void aRunHeldByAnotherExecutorCanBeForkedWithoutDisturbingIt() {
    weft.run(SIX, "orig", new Steps.Input(6), RunOptions.defaults().withMaxSteps(3));
    var held = Fixture.holdAs(weft, "orig", "someone-else/1/1/1", Long.MAX_VALUE);
    RunInfo fork = weft.fork("orig", ForkPoint.atStep(2), "fork");
    assertEquals(2, fork.steps());
    var after = weft.store().find("orig").orElseThrow();
    assertEquals(held.lease(), after.lease());
    assertEquals(held.chain().count(), after.chain().count());
    assertEquals(RESULT, weft.resume("fork").result(List.class));
  }
}
