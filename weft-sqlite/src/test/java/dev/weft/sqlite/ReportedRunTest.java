package dev.weft.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.CheckpointPolicy;
import dev.weft.ErrorClass;
import dev.weft.Loop;
import dev.weft.LoopOptions;
import dev.weft.RunInfo;
import dev.weft.RunOptions;
import dev.weft.RunStatus;
import dev.weft.StepException;
import dev.weft.Tool;
import dev.weft.Transition;
import dev.weft.Wake;
import dev.weft.WaitFor;
import dev.weft.Weft;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code run}, {@code resume} and {@code retry} return is built from the executor's own
 * commits, not read back; it must equal what the store then holds, for every way a run stops.
 */
class ReportedRunTest {
  @TempDir Path dir;

  private static void assertReportedAsStored(Weft weft, RunInfo reported, RunStatus expected) {
    assertEquals(expected, reported.status(), reported::toString);
    assertEquals(weft.get(reported.runId()), reported);
  }

  @Test
  void completedRunsUnderEveryCheckpointPolicyAreReportedAsStored() {
    try (Weft weft = Weft.open(Fixture.url(dir))) {
      int i = 0;
      for (CheckpointPolicy policy : List.of(CheckpointPolicy.full(),
          CheckpointPolicy.interval(3), CheckpointPolicy.compact())) {
        Steps loop = new Steps((ctx, s) -> "x").withOptions(
            LoopOptions.defaults().withCheckpoint(policy));
        assertReportedAsStored(weft, weft.run(loop, "c" + i++, new Steps.Input(5)),
            RunStatus.COMPLETED);
      }
    }
  }

  @Test
  void pausedFailedAndRetriedRunsAreReportedAsStored() {
    try (Weft weft = Weft.open(Fixture.url(dir))) {
      Steps loop = new Steps((ctx, s) -> {
        if (s.done() == 2 && !ctx.runId().equals("ok")) {
          throw new StepException(ErrorClass.BUSINESS, "card declined");
        }
        return "x";
      });
      assertReportedAsStored(weft, weft.run(loop, "p", new Steps.Input(5),
          RunOptions.defaults().withMaxSteps(2)), RunStatus.PAUSED);
      assertReportedAsStored(weft, weft.resume("p"), RunStatus.FAILED);
      assertReportedAsStored(weft, weft.retry("p"), RunStatus.FAILED);
    }
  }

  record Asked(int answers) {}

  @Test
  void waitingAndWokenRunsAreReportedAsStored() {
    Loop<Asked, Asked, Integer> asking = Loop.of("asking", Asked.class, Asked.class,
        Integer.class, in -> in, (s, ctx) -> switch (ctx.wake()) {
          case null -> Transition.await(s, WaitFor.askUser("how many?"));
          case Wake.SignalReceived w -> Transition.complete(w.payload(Integer.class));
          default -> Transition.fail(ErrorClass.VALIDATION, "unexpected wake");
        });
    try (Weft weft = Weft.builder().url(Fixture.url(dir)).scheduler(false).register(asking)
        .build()) {
      assertReportedAsStored(weft, weft.run(asking, "w", new Asked(0)), RunStatus.WAITING);
      weft.respond("w", 7);
      RunInfo done = weft.resume("w");
      assertReportedAsStored(weft, done, RunStatus.COMPLETED);
      assertEquals(7, done.result().asInt());
    }
  }

  @Test
  void aRunThatNeedsAttentionIsReportedAsStored() {
    Tool<String, String> dies = Tool.of("dies", String.class, String.class, (a, inv) -> {
      throw new Halt();
    });
    Steps loop = new Steps((ctx, s) -> ctx.callTool("dies", "a", String.class), dies);
    try (Weft weft = Weft.open(Fixture.url(dir))) {
      try {
        weft.run(loop, "n", new Steps.Input(2));
      } catch (Halt expected) {
        // the process "died" during the call
      }
    }
    try (Weft weft = Weft.open(Fixture.url(dir))) {
      weft.register(loop);
      assertReportedAsStored(weft, weft.resume("n"), RunStatus.NEEDS_ATTENTION);
    }
  }
}
