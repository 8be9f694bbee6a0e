package dev.weft.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ErrorClass;
import dev.weft.JournalEntry;
import dev.weft.ManualClock;
import dev.weft.RunInfo;
import dev.weft.RunStatus;
import dev.weft.StepException;
import dev.weft.Tool;
import dev.weft.ToolCall;
import dev.weft.Weft;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Managed tool calls: journaled around the effect, reused instead of repeated. */
class ToolCallTest {
  @TempDir Path dir;
  /** Every call that reached a tool, as "args@idempotencyKey". */
  final List<String> calls = new CopyOnWriteArrayList<>();
  final List<Tool.Invocation> invocations = new CopyOnWriteArrayList<>();

  private Weft open() {
    return Weft.builder().url(Fixture.url(dir)).clock(new ManualClock()).build();
  }

  /** A tool that records each call and answers with a receipt numbered by call count. */
  private Tool<String, String> charge() {
    return Tool.of("charge", String.class, String.class, (args, inv) -> {
      calls.add(args);
      invocations.add(inv);
      return "receipt-" + calls.size() + "-" + args;
    });
  }

  @Test
  void theIntentIsCommittedBeforeTheToolRunsAndTheResultBeforeTheStep() {
    AtomicReference<Weft> self = new AtomicReference<>();
    List<String> visibleDuringCall = new CopyOnWriteArrayList<>();
    Tool<String, String> observing = Tool.of("charge", String.class, String.class,
        (args, inv) -> {
          // Read through the store, as another process would: the intent is already there.
          List<String> kinds = Fixture.kinds(self.get(), inv.runId());
          visibleDuringCall.add(kinds.get(kinds.size() - 1));
          return "ok-" + args;
        });
    try (Weft weft = open()) {
      self.set(weft);
      RunInfo run = weft.run(new Steps((ctx, s) -> ctx.callTool("charge", "a" + ctx.step(),
          String.class), observing), "r", new Steps.Input(2));
      assertEquals(RunStatus.COMPLETED, run.status());
      assertEquals(List.of("TOOL_INTENT", "TOOL_INTENT"), visibleDuringCall);
      assertEquals(List.of("TOOL_INTENT", "TOOL_RESULT", "STEP_COMMITTED"),
          Fixture.kindsOfStep(weft, "r", 0));
      List<JournalEntry> step1 = Fixture.ofStep(weft, "r", 1);
      assertEquals("charge", step1.get(0).data().get("tool").asText());
      assertEquals("a1", step1.get(0).data().get("args").asText());
      assertEquals("s1.c0", step1.get(0).data().get("key").asText());
      assertEquals("ok-a1", step1.get(1).data().get("result").asText());
      List<ToolCall> rows = Fixture.toolCalls(weft, "r");
      assertEquals(List.of("s0.c0", "s1.c0"), rows.stream().map(ToolCall::key).toList());
      assertEquals("DONE", rows.get(1).status());
      assertEquals("ok-a1", rows.get(1).result().asText());
      assertEquals(List.of("ok-a0", "ok-a1"), CheckpointTest.textList(run.result()));
    }
  }

  @Test
  void aStepRetriedAfterItsCallSucceededGetsTheRecordedResultWithoutCallingAgain() {
    List<String> received = new CopyOnWriteArrayList<>();
    Steps loop = new Steps((ctx, s) -> {
      String receipt = ctx.callTool("charge", "order-" + ctx.step(), String.class);
      received.add(ctx.attempt() + ":" + receipt);
      if (ctx.step() == 0 && ctx.attempt() < 3) {
        throw StepException.transientError("lost the response");
      }
      return receipt;
    }, charge());
    try (Weft weft = open()) {
      RunInfo run = weft.run(loop, "r", new Steps.Input(2));
      assertEquals(RunStatus.COMPLETED, run.status());
      assertEquals(List.of("order-0", "order-1"), calls, "one call per step");
      assertEquals(List.of("1:receipt-1-order-0", "2:receipt-1-order-0", "3:receipt-1-order-0",
          "1:receipt-2-order-1"), received);
      assertEquals(2, Fixture.count(weft, "r", "TOOL_RESULT"), "one result per step");
      assertEquals(1, Fixture.kindsOfStep(weft, "r", 0).stream()
          .filter("TOOL_INTENT"::equals).count());
    }
  }

  @Test
  void aCallerKeyIsReusedWithinItsRunButNeverMatchesAnotherRun() {
    Steps loop = new Steps((ctx, s) -> ctx.callTool("charge", "order-42", String.class,
        "pay-order-42"), charge());
    try (Weft weft = open()) {
      RunInfo a = weft.run(loop, "run-a", new Steps.Input(3));
      assertEquals(List.of("order-42"), calls, "three steps, one call, in run a");
      assertEquals(List.of("receipt-1-order-42", "receipt-1-order-42", "receipt-1-order-42"),
          CheckpointTest.textList(a.result()));
      RunInfo b = weft.run(loop, "run-b", new Steps.Input(3));
      assertEquals(List.of("order-42", "order-42"), calls, "run b makes its own call");
      assertEquals(List.of("receipt-2-order-42", "receipt-2-order-42", "receipt-2-order-42"),
          CheckpointTest.textList(b.result()));
      assertNotEquals(invocations.get(0).idempotencyKey(), invocations.get(1).idempotencyKey());
      assertTrue(invocations.get(0).idempotencyKey().contains("run-a"));
      assertTrue(invocations.get(1).idempotencyKey().contains("run-b"));
      assertEquals(List.of("u:pay-order-42"),
          Fixture.toolCalls(weft, "run-b").stream().map(ToolCall::key).toList());
    }
  }

  @Test
  void largePayloadsGoToBlobsAndTheStepReceivesTheExactData() {
    String big = randomText(200 * 1024);
    Tool<String, String> echo = Tool.of("echo", String.class, String.class, (args, inv) -> {
      calls.add("echo");
      return new StringBuilder(args).reverse().toString();
    });
    List<Boolean> exact = new CopyOnWriteArrayList<>();
    Steps loop = new Steps((ctx, s) -> {
      String back = ctx.callTool("echo", big, String.class);
      exact.add(back.equals(new StringBuilder(big).reverse().toString()));
      if (ctx.attempt() == 1) {
        throw StepException.transientError("retry to read the result back from the store");
      }
      return Integer.toString(back.length());
    }, echo);
    try (Weft weft = Weft.builder().url(Fixture.url(dir)).clock(new ManualClock())
        .inlineLimit(1024).build()) {
      RunInfo run = weft.run(loop, "r", new Steps.Input(1));
      assertEquals(RunStatus.COMPLETED, run.status());
      assertEquals(List.of(true, true), exact, "the fresh and the recorded result are exact");
      assertEquals(List.of("echo"), calls);
      List<JournalEntry> step0 = Fixture.ofStep(weft, "r", 0);
      JournalEntry intent = step0.get(0);
      JournalEntry result = step0.get(1);
      assertEquals("TOOL_INTENT", intent.kind());
      assertNotNull(intent.blob());
      assertEquals(big, intent.data().get("args").asText());
      assertEquals("TOOL_RESULT", result.kind());
      assertNotNull(result.blob());
      assertTrue(result.size() > 200 * 1024);
      assertNull(Fixture.history(weft, "r").get(0).blob(), "small entries stay inline");
      assertTrue(weft.inspector().verify("r").intact());
    }
  }

  @Test
  void aToolThatThrowsFailsItsCallAndTheStepIsRetriedByPolicy() {
    Tool<String, String> flaky = Tool.of("charge", String.class, String.class, (args, inv) -> {
      calls.add(args + "#" + inv.attempt());
      if (inv.attempt() == 1) {
        throw new IOException("gateway timeout");
      }
      return "paid";
    });
    try (Weft weft = open()) {
      RunInfo run = weft.run(new Steps((ctx, s) -> ctx.callTool("charge", "o", String.class),
          flaky), "r", new Steps.Input(1));
      assertEquals(RunStatus.COMPLETED, run.status());
      assertEquals(List.of("o#1", "o#2"), calls);
      assertEquals(List.of("TOOL_INTENT", "TOOL_FAILED", "TOOL_INTENT", "TOOL_RESULT",
          "STEP_COMMITTED"), Fixture.kindsOfStep(weft, "r", 0));
      ToolCall row = Fixture.toolCalls(weft, "r").get(0);
      assertEquals("DONE", row.status());
      assertEquals("paid", row.result().asText());
      assertEquals("gateway timeout",
          Fixture.attemptsOfStep(weft, "r", 0).get(0).failure().message());
    }
  }

  @Test
  void aToolFailingWithABusinessErrorFailsTheRun() {
    Tool<String, String> refusing = Tool.of("charge", String.class, String.class,
        (args, inv) -> {
          calls.add(args);
          throw StepException.business("card declined");
        });
    try (Weft weft = open()) {
      RunInfo run = weft.run(new Steps((ctx, s) -> ctx.callTool("charge", "o", String.class),
          refusing), "r", new Steps.Input(1));
      assertEquals(RunStatus.FAILED, run.status());
      assertEquals(ErrorClass.BUSINESS, run.failure().errorClass());
      assertEquals("card declined", run.failure().message());
      assertEquals(List.of("o"), calls);
      ToolCall row = Fixture.toolCalls(weft, "r").get(0);
      assertEquals("FAILED", row.status());
      assertEquals("card declined", row.failure().message());
    }
  }

  @Test
  void anUnknownToolFailsTheStepNamingTheToolAndTheKnownOnes() {
    try (Weft weft = open()) {
      RunInfo run = weft.run(new Steps((ctx, s) -> ctx.callTool("refund", "o", String.class),
          charge()), "r", new Steps.Input(1));
      assertEquals(RunStatus.FAILED, run.status());
      assertTrue(run.failure().message().contains("unknown tool 'refund'"),
          run.failure().message());
      assertTrue(run.failure().message().contains("charge"), run.failure().message());
      assertEquals(List.of(), calls);
      assertEquals(List.of(), Fixture.toolCalls(weft, "r"));
    }
  }

  /** Text of {@code chars} characters mixing ASCII, accents, CJK and astral symbols. */
  static String randomText(int chars) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 \"\\\n\téüß漢字";
    SplittableRandom random = new SplittableRandom(7);
    StringBuilder sb = new StringBuilder(chars);
    while (sb.length() < chars) {
      if (random.nextInt(50) == 0) {
        sb.append("\uD83D\uDE00");
      } else {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
    }
    return sb.toString();
  }
}
