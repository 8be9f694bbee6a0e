package dev.weft.sqlite.waits;

import static dev.weft.sqlite.waits.WaitTesting.builder;
import static dev.weft.sqlite.waits.WaitTesting.kinds;
import static dev.weft.sqlite.waits.WaitTesting.log;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.IllegalRunStateException;
import dev.weft.InvalidInputException;
import dev.weft.ManualClock;
import dev.weft.RunInfo;
import dev.weft.RunOptions;
import dev.weft.RunStatus;
import dev.weft.Weft;
import dev.weft.spi.StoreFixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A loop that waits: what is stored while it waits, and how it continues (no scheduler). */
class LoopWaitTest {
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock();

  @Test
  void aRunAtAWaitIsWaitingWithoutALeaseAndSaysWhatItWaitsFor() {
    try (Weft weft = builder(dir, clock, false).build()) {
      RunInfo run = weft.run(new Waiter(), "r", List.of("step", "signal:go"));
      assertEquals(RunStatus.WAITING, run.status());
      assertEquals(2, run.steps(), "the step that chose to wait is committed");
      assertNull(run.holder(), "a waiting run holds no lease");
      JsonNode d = run.detail();
      assertEquals("signal", d.get("kind").asText());
      assertEquals("go", d.get("key").asText());
      assertEquals("waits for signal 'go'; send it with: weft signal --run-id r --name go"
          + " --payload JSON", d.get("message").asText());
      assertEquals(List.of("RUN_STARTED", "STEP_COMMITTED", "STEP_COMMITTED", "RUN_WAITING"),
          kinds(weft, "r"));
      assertEquals(run.toString(), weft.get("r").toString());
    }
  }

  @Test
  void runWithoutAnIdStartsANewRunAndDrivesItToItsFirstWait() {
    try (Weft weft = builder(dir, clock, false).build()) {
      RunInfo first = weft.run(new Waiter(), List.of("step", "sleep:1000", "step"));
      RunInfo second = weft.run(new Waiter(), List.of("signal:go"));
      assertTrue(first.runId().matches("waiter-[0-9a-f]{16}"), first.runId());
      assertTrue(!first.runId().equals(second.runId()));
      assertEquals(RunStatus.WAITING, first.status());
      assertEquals(2, first.steps());
      assertEquals(RunStatus.WAITING, second.status());
    }
  }

  @Test
  void aSignalWakesTheRunAndTheNextStepReceivesItsPayload() {
    try (Weft weft = builder(dir, clock, false).build()) {
      weft.run(new Waiter(), "r", List.of("step", "signal:go"));
      RunInfo signalled = weft.signal("r", "go", Map.of("x", 1));
      assertEquals(RunStatus.WAITING, signalled.status(), "no scheduler: it waits to be resumed");
      RunInfo done = weft.resume("r");
      assertEquals(RunStatus.COMPLETED, done.status());
      assertEquals(List.of("none", "signal go={\"x\":1}"), log(done));
      assertEquals(List.of("RUN_STARTED", "STEP_COMMITTED", "STEP_COMMITTED", "RUN_WAITING",
          "SIGNAL_RECEIVED", "STEP_COMMITTED", "RUN_COMPLETED"), kinds(weft, "r"));
      JsonNode received = weft.inspector().history("r", 4, 1).get(0).data();
      assertEquals("{\"name\":\"go\",\"signal\":1,\"sent\":\"2030-01-01T00:00:00Z\","
          + "\"payload\":{\"x\":1}}", received.toString());
      assertTrue(weft.inspector().verify("r").intact());
    }
  }

  @Test
  void resumingARunWhoseSignalHasNotArrivedIsAClearErrorAndChangesNothing() {
    try (Weft weft = builder(dir, clock, false).build()) {
      weft.run(new Waiter(), "r", List.of("signal:go"));
      String before = StoreFixtures.show(weft.store().find("r").orElseThrow());
      IllegalRunStateException e = assertThrows(IllegalRunStateException.class,
          () -> weft.resume("r"));
      assertEquals("run 'r' is WAITING: waits for signal 'go'; send it with: weft signal"
          + " --run-id r --name go --payload JSON; nothing to resume until then", e.getMessage());
      weft.signal("r", "other", 1);
      assertThrows(IllegalRunStateException.class, () -> weft.resume("r"));
      assertEquals(before, StoreFixtures.show(weft.store().find("r").orElseThrow()),
          "no claim, no entry: the lease epoch is unchanged");
    }
  }

  @Test
  void aSignalSentBeforeTheWaitIsDeliveredWhenTheRunWaits() {
    try (Weft weft = builder(dir, clock, false).build()) {
      RunInfo paused = weft.run(new Waiter(), "r", List.of("step", "signal:go", "signal:go"),
          RunOptions.defaults().withMaxSteps(1));
      assertEquals(RunStatus.PAUSED, paused.status());
      weft.signal("r", "go", "early");
      RunInfo waiting = weft.resume("r", RunOptions.defaults().withMaxSteps(1));
      assertEquals(RunStatus.WAITING, waiting.status());
      RunInfo next = weft.resume("r");
      assertEquals(RunStatus.WAITING, next.status(), "the second wait has no signal yet");
      weft.signal("r", "go", "late");
      assertEquals(List.of("none", "signal go=\"early\"", "signal go=\"late\""),
          log(weft.resume("r")));
    }
  }

  @Test
  void severalSignalsOfANameAreDeliveredOnceEachInTheOrderSent() {
    try (Weft weft = builder(dir, clock, false).build()) {
      weft.run(new Waiter(), "r", List.of("signal:go", "signal:go", "signal:go"));
      for (int i = 1; i <= 4; i++) {
        weft.signal("r", "go", i);
      }
      weft.signal("r", "other", "kept");
      RunInfo run = weft.get("r");
      while (run.status() == RunStatus.WAITING) {
        run = weft.resume("r");
      }
      assertEquals(List.of("signal go=1", "signal go=2", "signal go=3"), log(run));
      var key = weft.store().find("r").orElseThrow().key();
      assertEquals(List.of("1 go consumed", "2 go consumed", "3 go consumed", "4 go pending",
          "5 other pending"), weft.store().signals(key, 0, 10).stream()
              .map(s -> s.seq() + " " + s.name() + (s.pending() ? " pending" : " consumed"))
              .toList());
    }
  }

  @Test
  void aSignalToAnUnknownOrCompletedRunIsAClearErrorAndStoresNothing() {
    try (Weft weft = builder(dir, clock, false).build()) {
      assertEquals("run 'nope' does not exist in this store", assertThrows(
          dev.weft.RunNotFoundException.class, () -> weft.signal("nope", "go", 1)).getMessage());
      weft.run(new Waiter(), "done", List.of());
      IllegalRunStateException e = assertThrows(IllegalRunStateException.class,
          () -> weft.signal("done", "go", 1));
      assertEquals("run 'done' is COMPLETED: it has ended; no signal can reach it any more",
          e.getMessage());
      var key = weft.store().find("done").orElseThrow().key();
      assertEquals(List.of(), weft.store().signals(key, 0, 10));
      assertThrows(InvalidInputException.class, () -> weft.signal("done", " ", 1));
      assertThrows(InvalidInputException.class, () -> weft.signal("done", "go", new Object()));
    }
  }

  @Test
  void respondAnswersAnAskUserWaitOnceAndShowsThePromptMeanwhile() {
    try (Weft weft = builder(dir, clock, false).build()) {
      RunInfo asking = weft.run(new Waiter(), "r", List.of("ask:Ship order 7?"));
      assertEquals("ask_user", asking.detail().get("key").asText());
      assertEquals("Ship order 7?", asking.detail().get("prompt").asText());
      assertEquals("waits for an answer to: Ship order 7? (answer with: weft respond --run-id r"
          + " --payload JSON)", asking.detail().get("message").asText());
      weft.respond("r", Map.of("approved", true));
      IllegalRunStateException twice = assertThrows(IllegalRunStateException.class,
          () -> weft.respond("r", "again"));
      assertTrue(twice.getMessage().endsWith("its wait for 'ask_user' has been answered"
          + " already; that answer is delivered when the run continues"), twice.getMessage());
      assertEquals(List.of("signal ask_user={\"approved\":true}"), log(weft.resume("r")));
    }
  }

  @Test
  void respondWithNoPendingWaitIsAClearError() {
    try (Weft weft = builder(dir, clock, false).build()) {
      weft.run(new Waiter(), "sleeping", List.of("sleep:60000"));
      assertEquals("run 'sleeping' is WAITING: sleeps until 2030-01-01T00:01:00Z, not for an"
          + " answer", assertThrows(IllegalRunStateException.class,
              () -> weft.respond("sleeping", 1)).getMessage());
      weft.run(new Waiter(), "paused", List.of("step", "ask:x"),
          RunOptions.defaults().withMaxSteps(1));
      assertTrue(assertThrows(IllegalRunStateException.class, () -> weft.respond("paused", 1))
          .getMessage().startsWith("run 'paused' is PAUSED: it waits for nothing now"));
      weft.run(new Waiter(), "done", List.of());
      assertEquals("run 'done' is COMPLETED: it has ended; there is nothing to answer",
          assertThrows(IllegalRunStateException.class, () -> weft.respond("done", 1))
              .getMessage());
      for (String id : List.of("sleeping", "paused", "done")) {
        var key = weft.store().find(id).orElseThrow().key();
        assertEquals(List.of(), weft.store().signals(key, 0, 10), id);
      }
    }
  }

  @Test
  void resumeWithAWaitKeyDeliversThePayloadAndDrivesTheRun() {
    try (Weft weft = builder(dir, clock, false).build()) {
      weft.run(new Waiter(), "r", List.of("signal:approve", "step"));
      InvalidInputException wrong = assertThrows(InvalidInputException.class,
          () -> weft.resume("r", "aprove", true));
      assertEquals("run 'r' waits for 'approve', not 'aprove'; resume it with that wait key",
          wrong.getMessage());
      var key = weft.store().find("r").orElseThrow().key();
      assertEquals(List.of(), weft.store().signals(key, 0, 10));
      RunInfo done = weft.resume("r", "approve", true);
      assertEquals(RunStatus.COMPLETED, done.status());
      assertEquals(List.of("signal approve=true", "none"), log(done));
    }
  }
}
