package dev.weft.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.JournalEntry;
import dev.weft.ManualClock;
import dev.weft.RunInfo;
import dev.weft.RunOptions;
import dev.weft.RunStatus;
import dev.weft.Weft;
import dev.weft.testing.Counter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A step budget pauses a run; resuming it yields what an uninterrupted run yields. */
class BudgetTest {
  @TempDir Path dir;

  private Weft open() {
    return Weft.builder().url(Fixture.url(dir)).clock(new ManualClock()).build();
  }

  /** Kind, step and payload of each entry: the history without times and hashes. */
  private static List<String> content(List<JournalEntry> history) {
    List<String> out = new ArrayList<>();
    for (JournalEntry e : history) {
      out.add(e.kind() + "@" + e.step() + ":" + e.data());
    }
    return out;
  }

  @Test
  void maxStepsPausesAfterExactlyThatManySteps() {
    try (Weft weft = open()) {
      RunInfo run = weft.run(new Counter(), "c", new Counter.Input(10),
          RunOptions.defaults().withMaxSteps(4));
      assertEquals(RunStatus.PAUSED, run.status());
      assertEquals(4, run.steps());
      assertEquals(4, run.<Counter.State>state(Counter.State.class).current());
      List<JournalEntry> history = Fixture.history(weft, "c");
      JournalEntry last = history.get(history.size() - 1);
      assertEquals("RUN_PAUSED", last.kind());
      assertEquals("max_steps", last.data().get("reason").asText());
      assertEquals(4, Fixture.count(weft, "c", "STEP_COMMITTED"));
      assertEquals(null, run.holder(), "a paused run holds no lease");
    }
  }

  @Test
  void resumingAPausedRunCompletesWithTheUninterruptedResultAndHistory() {
    List<String> whole;
    try (Weft weft = open()) {
      RunInfo run = weft.run(new Counter(), "whole", new Counter.Input(10));
      assertEquals(10, run.result(Integer.class));
      whole = content(Fixture.history(weft, "whole"));
    }
    try (Weft weft = open()) {
      weft.run(new Counter(), "split", new Counter.Input(10),
          RunOptions.defaults().withMaxSteps(3));
    }
    try (Weft weft = open()) {
      weft.register(new Counter());
      RunInfo second = weft.resume("split", RunOptions.defaults().withMaxSteps(3));
      assertEquals(RunStatus.PAUSED, second.status());
      assertEquals(6, second.steps());
      RunInfo done = weft.resume("split");
      assertEquals(RunStatus.COMPLETED, done.status());
      assertEquals(10, done.result(Integer.class));
      assertEquals(11, done.steps());
      List<String> split = new ArrayList<>(content(Fixture.history(weft, "split")));
      assertEquals(2, split.stream().filter(s -> s.startsWith("RUN_PAUSED")).count());
      split.removeIf(s -> s.startsWith("RUN_PAUSED"));
      assertEquals(whole, split);
    }
  }

  @Test
  void aBudgetLargerThanTheRunDoesNotPause() {
    try (Weft weft = open()) {
      RunInfo run = weft.run(new Counter(), "c", new Counter.Input(3),
          RunOptions.defaults().withMaxSteps(4));
      assertEquals(RunStatus.COMPLETED, run.status());
      assertEquals(0, Fixture.count(weft, "c", "RUN_PAUSED"));
    }
  }
}
