package dev.weft.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.Attempt;
import dev.weft.CheckpointPolicy;
import dev.weft.JournalEntry;
import dev.weft.LoopOptions;
import dev.weft.ManualClock;
import dev.weft.RunInfo;
import dev.weft.RunOptions;
import dev.weft.RunStatus;
import dev.weft.StepException;
import dev.weft.Weft;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint policies decide what history keeps; every policy resumes to the same result. */
class CheckpointTest {
  @TempDir Path dir;

  /** Ten steps; step 2 fails once with a transient error. */
  static Steps flakyAtStepTwo(CheckpointPolicy policy) {
    return new Steps((ctx, s) -> {
      if (ctx.step() == 2 && ctx.attempt() == 1) {
        throw StepException.transientError("flaky");
      }
      return "s" + ctx.step();
    }).withOptions(LoopOptions.defaults().withCheckpoint(policy));
  }

  private Weft open() {
    return Weft.builder().url(Fixture.url(dir)).clock(new ManualClock()).build();
  }

  /** The steps whose STEP_COMMITTED entry carries a state. */
  private static Set<Long> stepsWithState(List<JournalEntry> history) {
    Set<Long> steps = new TreeSet<>();
    for (JournalEntry e : history) {
      if (e.kind().equals("STEP_COMMITTED") && e.data() != null) {
        steps.add(e.step());
      }
    }
    return steps;
  }

  @Test
  void fullKeepsTheStateOfEveryStepInTheJournal() {
    try (Weft weft = open()) {
      RunInfo run = weft.run(flakyAtStepTwo(CheckpointPolicy.full()), "r", new Steps.Input(10));
      assertEquals(RunStatus.COMPLETED, run.status());
      List<JournalEntry> history = Fixture.history(weft, "r");
      assertEquals(new TreeSet<>(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L)),
          stepsWithState(history));
      JournalEntry afterStep4 = history.stream()
          .filter(e -> e.kind().equals("STEP_COMMITTED") && e.step() == 4).findFirst()
          .orElseThrow();
      assertNotNull(afterStep4.data());
      assertEquals(5, afterStep4.data().get("done").asInt());
      assertEquals(List.of("s0", "s1", "s2", "s3", "s4"),
          textList(afterStep4.data().get("log")));
      assertEquals(12, Fixture.attempts(weft, "r").size(), "11 steps + 1 failed attempt");
    }
  }

  @Test
  void intervalKeepsEveryNthStateAndStepZero() {
    try (Weft weft = open()) {
      weft.run(flakyAtStepTwo(CheckpointPolicy.interval(4)), "r", new Steps.Input(10));
      assertEquals(new TreeSet<>(List.of(0L, 4L, 8L)), stepsWithState(Fixture.history(weft, "r")));
      assertEquals(10, Fixture.count(weft, "r", "STEP_COMMITTED") - 1,
          "every step still commits, with or without its state");
      assertEquals(12, Fixture.attempts(weft, "r").size(), "every attempt is kept");
    }
  }

  @Test
  void compactRecordsAttemptsOnlyForFailuresAndRetries() {
    try (Weft weft = open()) {
      weft.run(flakyAtStepTwo(CheckpointPolicy.compact()), "r", new Steps.Input(10));
      List<Attempt> attempts = Fixture.attempts(weft, "r");
      assertEquals(2, attempts.size());
      assertEquals(2, attempts.get(0).step());
      assertEquals("FAILED", attempts.get(0).outcome());
      assertEquals(1, attempts.get(0).attempt());
      assertEquals("SUCCEEDED", attempts.get(1).outcome());
      assertEquals(2, attempts.get(1).attempt());
      assertEquals(11, Fixture.count(weft, "r", "STEP_COMMITTED"));
    }
  }

  @Test
  void aPolicyGivenForOneInvocationReplacesTheDefinitions() {
    try (Weft weft = open()) {
      weft.run(flakyAtStepTwo(CheckpointPolicy.full()), "r", new Steps.Input(10),
          RunOptions.defaults().withCheckpoint(CheckpointPolicy.interval(5)));
      assertEquals(new TreeSet<>(List.of(0L, 5L)), stepsWithState(Fixture.history(weft, "r")));
    }
  }

  @Test
  void everyPolicyResumesToTheSameResultAndFinalState() {
    JsonNode expected;
    try (Weft weft = open()) {
      expected = weft.run(flakyAtStepTwo(CheckpointPolicy.full()), "whole",
          new Steps.Input(10)).result();
    }
    List<CheckpointPolicy> policies = List.of(CheckpointPolicy.full(),
        CheckpointPolicy.interval(3), CheckpointPolicy.compact());
    for (CheckpointPolicy policy : policies) {
      String id = "paused-" + policy.describe();
      try (Weft weft = open()) {
        RunInfo paused = weft.run(flakyAtStepTwo(policy), id, new Steps.Input(10),
            RunOptions.defaults().withMaxSteps(5));
        assertEquals(RunStatus.PAUSED, paused.status(), policy.describe());
      }
      try (Weft weft = open()) {
        weft.register(flakyAtStepTwo(policy));
        RunInfo done = weft.resume(id);
        assertEquals(RunStatus.COMPLETED, done.status(), policy.describe());
        assertEquals(expected, done.result(), policy.describe());
        assertEquals(11, done.steps(), policy.describe());
        assertTrue(weft.inspector().verify(id).intact(), policy.describe());
      }
    }
  }

  @Test
  void theFinalCommitOfACompletedRunCarriesNoState() {
    try (Weft weft = open()) {
      weft.run(flakyAtStepTwo(CheckpointPolicy.full()), "r", new Steps.Input(3));
      List<JournalEntry> history = Fixture.history(weft, "r");
      JournalEntry last = history.get(history.size() - 1);
      assertEquals("RUN_COMPLETED", last.kind());
      JournalEntry finalStep = history.get(history.size() - 2);
      assertEquals("STEP_COMMITTED", finalStep.kind());
      assertNull(finalStep.data());
      assertEquals(List.of("s0", "s1", "s2"), textList(last.data()));
    }
  }

  static List<String> textList(JsonNode array) {
    List<String> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
