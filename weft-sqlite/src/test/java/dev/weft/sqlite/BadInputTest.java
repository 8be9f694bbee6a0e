package dev.weft.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.DefinitionNotFoundException;
import dev.weft.ErrorClass;
import dev.weft.IllegalRunStateException;
import dev.weft.InvalidInputException;
import dev.weft.Loop;
import dev.weft.Resolution;
import dev.weft.RunInfo;
import dev.weft.RunNotFoundException;
import dev.weft.RunOptions;
import dev.weft.RunStatus;
import dev.weft.StepContext;
import dev.weft.Transition;
import dev.weft.Weft;
import dev.weft.internal.Json;
import dev.weft.spi.RunQuery;
import dev.weft.testing.Counter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.jspecify.annotations.Nullable;

/** Bad input through the Java API: a clear error naming the problem, and nothing written. */
class BadInputTest {
  @TempDir Path dir;
  Weft weft;

  @BeforeEach
  void open() {
    weft = Weft.open(Fixture.url(dir));
    weft.register(new Counter());
  }

  @AfterEach
  void close() {
    weft.close();
  }

  /**
   * A loop whose state can be made unserializable on purpose: {@code thing} holds any object
   * (one with no properties cannot be written), {@code handle} a {@link Handle} (written, but
   * never read back). The run id says where to misbehave.
   */
  static final class Awkward implements Loop<Awkward.Input, Awkward.Box, Object> {
    record Input(String badAt) {}

    record Box(int n, Object thing, @Nullable Handle handle) {}

    final AtomicInteger steps = new AtomicInteger();

    @Override
    public String name() {
      return "awkward";
    }

    @Override
    public Box start(Input input) {
      return switch (input.badAt()) {
        case "start" -> new Box(0, new Object(), null);
        case "start-handle" -> new Box(0, "fine", new Handle("socket", 7));
        default -> new Box(0, "fine", null);
      };
    }

    @Override
    public Transition<Box, Object> step(Box box, StepContext ctx) {
      steps.incrementAndGet();
      if (box.n() == 1) {
        switch (ctx.runId()) {
          case "step" -> {
            return Transition.next(new Box(2, new Object(), null));
          }
          case "step-handle" -> {
            return Transition.next(new Box(2, "fine", new Handle("socket", 7)));
          }
          case "result" -> {
            return Transition.complete(new Object());
          }
          case "null" -> {
            return null;
          }
          default -> { }
        }
      }
      return box.n() < 3 ? Transition.next(new Box(box.n() + 1, "fine", null))
          : Transition.complete("done");
    }
  }

  /** Like a live resource: it has properties to write, but no way to be created from them. */
  static final class Handle {
    private final String label;
    private final int fd;

    private Handle(String label, int fd) {
      this.label = label;
      this.fd = fd;
    }

    public String getLabel() {
      return label;
    }

    public int getFd() {
      return fd;
    }
  }

  private void assertNothingWritten() {
    assertEquals(List.of(), weft.inspector().list(RunQuery.all()), "no run row was written");
  }

  private static void assertMessage(InvalidInputException e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
    }
  }

  @Test
  void anUnknownRunIdIsNamedByEveryOperation() {
    List<Executable> operations = List.of(() -> weft.resume("ghost"), () -> weft.retry("ghost"),
        () -> weft.get("ghost"), () -> weft.resolve("ghost", "s0.c0", Resolution.retry()),
        () -> weft.inspector().history("ghost", 0, 10),
        () -> weft.inspector().attempts("ghost", 0, 10),
        () -> weft.inspector().toolCalls("ghost", 0, 10),
        () -> weft.inspector().verify("ghost"), () -> weft.inspector().explain("ghost"));
    for (Executable op : operations) {
      RunNotFoundException e = assertThrows(RunNotFoundException.class, op);
      assertEquals("ghost", e.runId());
      assertMessage(e, "'ghost'");
    }
    assertNothingWritten();
  }

  @Test
  void anUnknownDefinitionIsNamedWithTheKnownOnes() {
    DefinitionNotFoundException e = assertThrows(DefinitionNotFoundException.class,
        () -> weft.start("countr", "r", Json.parse("{\"target\": 3}", "input"),
            RunOptions.defaults()));
    assertMessage(e, "'countr'", "test-counter");
    assertNothingWritten();
  }

  @Test
  void resumingARunWhoseDefinitionIsNotRegisteredNamesIt() {
    weft.run(new Counter(), "r", new Counter.Input(5), RunOptions.defaults().withMaxSteps(1));
    try (Weft bare = Weft.open(Fixture.url(dir))) {
      DefinitionNotFoundException e = assertThrows(DefinitionNotFoundException.class,
          () -> bare.resume("r"));
      assertMessage(e, "'test-counter'");
      assertEquals(RunStatus.PAUSED, bare.get("r").status(), "the run is left as it was");
    }
  }

  @Test
  void malformedJsonTextIsRefusedWithWhereItWentWrong() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> Json.parse("{\"target\": 3,,}", "input"));
    assertMessage(e, "input is not valid JSON", "line 1, column");
    assertThrows(InvalidInputException.class, () -> Json.parse("  ", "input"));
    assertThrows(InvalidInputException.class, () -> Json.parse("{\"target\": 3} 4", "input"));
  }

  @Test
  void jsonOfTheWrongShapeForTheInputTypeIsRefused() {
    List<String> wrong = List.of("{\"target\": \"many\"}", "{\"targte\": 3}", "[3]", "\"3\"");
    for (String json : wrong) {
      JsonNode input = Json.parse(json, "input");
      InvalidInputException e = assertThrows(InvalidInputException.class,
          () -> weft.start("test-counter", "r", input, RunOptions.defaults()), json);
      assertMessage(e, "input of test-counter", "Counter$Input");
    }
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> weft.start(
        "test-counter", "r", Json.parse("{\"targte\": 3}", "input"), RunOptions.defaults()));
    assertMessage(e, "targte");
    assertNothingWritten();
  }

  @Test
  void inputTheLoopRejectsIsRefusedBeforeAnythingIsWritten() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> weft.run(new Counter(), "r", new Counter.Input(-1)));
    assertMessage(e, "test-counter", "target must not be negative: -1");
    assertNothingWritten();
  }

  @Test
  void aNonSerializableInputIsRefused() {
    Loop<Object, String, String> anything = new Loop<>() {
      @Override
      public String name() {
        return "anything";
      }

      @Override
      public String start(Object input) {
        return "s";
      }

      @Override
      public Transition<String, String> step(String state, StepContext ctx) {
        return Transition.complete(state);
      }

      @Override
      public Types types() {
        return new Types(Object.class, String.class, String.class);
      }
    };
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> weft.run(anything, "r", new Object()));
    assertMessage(e, "input of anything cannot be serialized");
    assertNothingWritten();
  }

  @Test
  void aNonSerializableInitialStateIsRefusedAndNoRunIsWritten() {
    Awkward loop = new Awkward();
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> weft.run(loop, "r", new Awkward.Input("start")));
    assertMessage(e, "initial state of awkward", "cannot be serialized to JSON");
    assertEquals(0, loop.steps.get());
    assertNothingWritten();
  }

  @Test
  void anInitialStateThatCannotBeReadBackIsRefusedAndNoRunIsWritten() {
    Awkward loop = new Awkward();
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> weft.run(loop, "r", new Awkward.Input("start-handle")));
    assertMessage(e, "initial state of awkward", "Handle");
    assertEquals(0, loop.steps.get());
    assertNothingWritten();
  }

  @Test
  void aNonSerializableStateFromALaterStepFailsTheRunAsAValidationError() {
    for (String runId : List.of("step", "step-handle")) {
      Awkward loop = new Awkward();
      RunInfo run = weft.run(loop, runId, new Awkward.Input("fine"));
      assertEquals(RunStatus.FAILED, run.status(), runId);
      assertEquals(ErrorClass.VALIDATION, run.failure().errorClass(), runId);
      assertTrue(run.failure().message().contains("step 1"), run.failure().message());
      assertTrue(run.failure().message().contains(runId.equals("step")
          ? "cannot be serialized" : "Handle"), run.failure().message());
      assertEquals(1, run.steps(), "step 1 was not committed");
      assertEquals(2, loop.steps.get(), "and not retried");
      assertEquals(1, Fixture.count(weft, runId, "STEP_COMMITTED"));
      assertTrue(weft.inspector().verify(runId).intact());
    }
  }

  @Test
  void aNonSerializableResultFailsTheRunAsAValidationError() {
    RunInfo run = weft.run(new Awkward(), "result", new Awkward.Input("fine"));
    assertEquals(RunStatus.FAILED, run.status());
    assertEquals(ErrorClass.VALIDATION, run.failure().errorClass());
    assertTrue(run.failure().message().contains("result of step 1"), run.failure().message());
  }

  @Test
  void aStepReturningNullFailsTheRunSayingSo() {
    RunInfo run = weft.run(new Awkward(), "null", new Awkward.Input("fine"));
    assertEquals(RunStatus.FAILED, run.status());
    assertTrue(run.failure().message().contains("returned null"), run.failure().message());
  }

  @Test
  void blankOverlongAndControlCharacterRunIdsAreRefused() {
    for (String id : List.of("", "   ", "x".repeat(201), "a\nb")) {
      InvalidInputException e = assertThrows(InvalidInputException.class,
          () -> weft.run(new Counter(), id, new Counter.Input(1)));
      assertMessage(e, "run id");
    }
    assertMessage(assertThrows(InvalidInputException.class,
        () -> weft.run(new Counter(), "x".repeat(201), new Counter.Input(1))), "201");
    assertEquals(RunStatus.COMPLETED,
        weft.run(new Counter(), "x".repeat(200), new Counter.Input(1)).status());
    assertEquals(1, weft.inspector().list(RunQuery.all()).size());
  }

  @Test
  void reusingARunIdWithOtherInputOrAnotherDefinitionIsRefusedAndWritesNothing() {
    weft.run(new Counter(), "r", new Counter.Input(3));
    long entries = Fixture.history(weft, "r").size();
    InvalidInputException input = assertThrows(InvalidInputException.class,
        () -> weft.run(new Counter(), "r", new Counter.Input(4)));
    assertMessage(input, "'r'", "{\"target\":3}", "{\"target\":4}");
    InvalidInputException definition = assertThrows(InvalidInputException.class,
        () -> weft.run(new Awkward(), "r", new Awkward.Input("fine")));
    assertMessage(definition, "'r'", "test-counter", "awkward");
    assertEquals(entries, Fixture.history(weft, "r").size());
    assertTrue(weft.inspector().verify("r").intact());
  }

  @Test
  void startingACompletedRunAgainWithTheSameInputReturnsItWithoutRunningIt() {
    Awkward loop = new Awkward();
    RunInfo first = weft.run(loop, "again", new Awkward.Input("fine"));
    int executed = loop.steps.get();
    RunInfo second = weft.run(loop, "again", new Awkward.Input("fine"));
    assertEquals(first.result(), second.result());
    assertEquals(executed, loop.steps.get());
  }

  @Test
  void resumingACompletedOrFailedRunAndRetryingANonFailedOneAreRefused() {
    weft.run(new Counter(), "done", new Counter.Input(1));
    IllegalRunStateException completed = assertThrows(IllegalRunStateException.class,
        () -> weft.resume("done"));
    assertEquals(RunStatus.COMPLETED, completed.status());
    assertMessage(completed, "'done'", "COMPLETED");
    IllegalRunStateException retryCompleted = assertThrows(IllegalRunStateException.class,
        () -> weft.retry("done"));
    assertMessage(retryCompleted, "only FAILED runs can be retried");

    weft.run(new Counter(), "paused", new Counter.Input(5), RunOptions.defaults().withMaxSteps(1));
    assertThrows(IllegalRunStateException.class, () -> weft.retry("paused"));

    weft.run(new Awkward(), "step", new Awkward.Input("fine"));
    IllegalRunStateException failed = assertThrows(IllegalRunStateException.class,
        () -> weft.resume("step"));
    assertMessage(failed, "FAILED", "retry");
    assertEquals(List.of("RUN_STARTED", "STEP_COMMITTED", "STEP_COMMITTED", "RUN_COMPLETED"),
        Fixture.kinds(weft, "done"), "refusals write nothing");
  }
}
