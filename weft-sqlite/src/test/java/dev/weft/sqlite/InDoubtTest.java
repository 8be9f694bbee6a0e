package dev.weft.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.weft.Attempt;
import dev.weft.ErrorClass;
import dev.weft.IllegalRunStateException;
import dev.weft.InvalidInputException;
import dev.weft.Resolution;
import dev.weft.RunInfo;
import dev.weft.RunStatus;
import dev.weft.Tool;
import dev.weft.ToolCall;
import dev.weft.Weft;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tool call whose process died while it was in flight: re-executed only if the tool is
 * idempotent, otherwise settled by an operator.
 */
class InDoubtTest {
  @TempDir Path dir;
  /** Calls that reached the tool, by argument. */
  final List<String> charged = new CopyOnWriteArrayList<>();
  final List<Tool.Invocation> invocations = new CopyOnWriteArrayList<>();
  /** The argument at which the tool "kills the process" right after its effect. */
  volatile String haltAt = "order-1";

  private Steps charging(boolean idempotent) {
    Tool.Fn<String, String> fn = (args, inv) -> {
      charged.add(args);
      invocations.add(inv);
      if (args.equals(haltAt)) {
        haltAt = "";
        throw new Halt();
      }
      return "receipt-" + args;
    };
    Tool<String, String> charge = idempotent
        ? Tool.idempotent("charge", String.class, String.class, fn)
        : Tool.of("charge", String.class, String.class, fn);
    return new Steps((ctx, s) -> ctx.callTool("charge", "order-" + ctx.step(), String.class),
        charge);
  }

  /** Runs three charging steps; the process dies during step 1's call, after the effect. */
  private void dieDuringTheSecondCharge(boolean idempotent) {
    try (Weft weft = Weft.open(Fixture.url(dir))) {
      assertThrows(Halt.class, () -> weft.run(charging(idempotent), "r", new Steps.Input(3)));
    }
    assertEquals(List.of("order-0", "order-1"), charged);
  }

  /** A fresh process: dies, is restarted, and its resume stops for an operator. */
  private Weft restartedNeedingAttention() {
    dieDuringTheSecondCharge(false);
    Weft weft = Weft.open(Fixture.url(dir));
    weft.register(charging(false));
    RunInfo run = weft.resume("r");
    assertEquals(RunStatus.NEEDS_ATTENTION, run.status());
    return weft;
  }

  @Test
  void aNonIdempotentCallInDoubtStopsTheRunUntilAnOperatorSettlesIt() {
    try (Weft weft = restartedNeedingAttention()) {
      RunInfo run = weft.get("r");
      assertEquals(List.of("order-0", "order-1"), charged, "the tool was not called again");
      assertEquals(1, run.steps());
      assertEquals("s1.c0", run.detail().get("call").asText());
      assertEquals("charge", run.detail().get("tool").asText());
      assertTrue(run.detail().get("message").asText().contains("s1.c0"));
      ToolCall call = Fixture.toolCalls(weft, "r").get(1);
      assertEquals("s1.c0", call.key());
      assertEquals("PENDING", call.status());
      assertEquals("order-1", call.args().asText());
      List<String> kinds = Fixture.kinds(weft, "r");
      assertEquals("ATTENTION_NEEDED", kinds.get(kinds.size() - 1));
      assertEquals(List.of("1:INTERRUPTED", "2:INTERRUPTED"), Fixture.attemptsOfStep(weft,
          "r", 1).stream().map(a -> a.attempt() + ":" + a.outcome()).toList());
      assertTrue(weft.inspector().verify("r").intact());
    }
  }

  @Test
  void resumingARunThatNeedsAttentionAgainIsRefusedWithWhatToDo() {
    try (Weft weft = restartedNeedingAttention()) {
      IllegalRunStateException e = assertThrows(IllegalRunStateException.class,
          () -> weft.resume("r"));
      assertEquals(RunStatus.NEEDS_ATTENTION, e.status());
      assertTrue(e.getMessage().contains("s1.c0"), e.getMessage());
      assertTrue(e.getMessage().contains("resolve"), e.getMessage());
      assertEquals(List.of("order-0", "order-1"), charged);
    }
  }

  @Test
  void resolvingWithRetryCallsTheToolOnceMore() {
    try (Weft weft = restartedNeedingAttention()) {
      RunInfo resolved = weft.resolve("r", "s1.c0", Resolution.retry());
      assertEquals(RunStatus.PAUSED, resolved.status());
      assertEquals(List.of("order-0", "order-1"), charged, "resolving alone calls nothing");
      RunInfo done = weft.resume("r");
      assertEquals(RunStatus.COMPLETED, done.status());
      assertEquals(List.of("order-0", "order-1", "order-1", "order-2"), charged);
      assertEquals(List.of("receipt-order-0", "receipt-order-1", "receipt-order-2"),
          CheckpointTest.textList(done.result()));
      List<Attempt> step1 = Fixture.attemptsOfStep(weft, "r", 1);
      assertEquals(3, step1.get(step1.size() - 1).attempt(), "attempt numbers continue");
      assertEquals(1, Fixture.count(weft, "r", "CALL_RESOLVED"));
      assertTrue(weft.inspector().verify("r").intact());
    }
  }

  @Test
  void resolvingWithAResultGivesItToTheStepWithoutCallingTheTool() {
    try (Weft weft = restartedNeedingAttention()) {
      weft.resolve("r", "s1.c0", Resolution.result(TextNode.valueOf("receipt-from-bank")));
      RunInfo done = weft.resume("r");
      assertEquals(RunStatus.COMPLETED, done.status());
      assertEquals(List.of("order-0", "order-1", "order-2"), charged);
      assertEquals(List.of("receipt-order-0", "receipt-from-bank", "receipt-order-2"),
          CheckpointTest.textList(done.result()));
      ToolCall call = Fixture.toolCalls(weft, "r").get(1);
      assertEquals("DONE", call.status());
      assertEquals("receipt-from-bank", call.result().asText());
    }
  }

  @Test
  void resolvingWithFailFailsTheRun() {
    try (Weft weft = restartedNeedingAttention()) {
      RunInfo failed = weft.resolve("r", "s1.c0", Resolution.fail("bank says no charge"));
      assertEquals(RunStatus.FAILED, failed.status());
      assertEquals(ErrorClass.BUSINESS, failed.failure().errorClass());
      assertTrue(failed.failure().message().contains("bank says no charge"),
          failed.failure().message());
      assertEquals(List.of("order-0", "order-1"), charged);
      assertEquals("FAILED", Fixture.toolCalls(weft, "r").get(1).status());
      assertThrows(IllegalRunStateException.class, () -> weft.resume("r"));
    }
  }

  @Test
  void resolveRefusesUnknownAndSettledCallsAndRunsThatNeedNoAttention() {
    try (Weft weft = restartedNeedingAttention()) {
      InvalidInputException unknown = assertThrows(InvalidInputException.class,
          () -> weft.resolve("r", "s9.c0", Resolution.retry()));
      assertTrue(unknown.getMessage().contains("s9.c0"), unknown.getMessage());
      InvalidInputException settled = assertThrows(InvalidInputException.class,
          () -> weft.resolve("r", "s0.c0", Resolution.retry()));
      assertTrue(settled.getMessage().contains("DONE"), settled.getMessage());
      weft.resolve("r", "s1.c0", Resolution.retry());
      assertThrows(IllegalRunStateException.class,
          () -> weft.resolve("r", "s1.c0", Resolution.retry()));
      assertEquals(RunStatus.PAUSED, weft.get("r").status());
    }
  }

  @Test
  void anIdempotentCallInDoubtIsRepeatedAutomaticallyWithTheSameKey() {
    dieDuringTheSecondCharge(true);
    try (Weft weft = Weft.open(Fixture.url(dir))) {
      weft.register(charging(true));
      RunInfo run = weft.resume("r");
      assertEquals(RunStatus.COMPLETED, run.status());
      assertEquals(List.of("order-0", "order-1", "order-1", "order-2"), charged);
      Tool.Invocation first = invocations.get(1);
      Tool.Invocation repeat = invocations.get(2);
      assertEquals(first.idempotencyKey(), repeat.idempotencyKey());
      assertEquals("r/s1.c0", repeat.idempotencyKey());
      assertTrue(repeat.attempt() > first.attempt(), "the repeat is a later attempt");
      assertEquals(0, Fixture.count(weft, "r", "ATTENTION_NEEDED"));
      assertEquals(1, Fixture.ofStep(weft, "r", 1).stream()
          .filter(e -> e.kind().equals("TOOL_INTENT")).count(), "the intent is not repeated");
    }
  }
}
