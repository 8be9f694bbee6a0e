package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.ManualClock;
import dev.weft.RunStatus;
import dev.weft.Weft;
import dev.weft.examples.Order;
import dev.weft.examples.Quiz;
import dev.weft.internal.Json;
import dev.weft.workflow.Replayer;
import dev.weft.workflow.StartOptions;
import dev.weft.workflow.WorkflowHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order and quiz examples, {@code weft progress} and {@code weft history --export}. */
class WorkflowCommandsTest {
  @TempDir Path dir;

  private Path db() {
    return dir.resolve("weft.db");
  }

  @Test
  void theOrderExampleRunsFromTheCliAndItsExportedHistoryReplays() throws Exception {
    Cli.Result r = Cli.on(db(), "run", "order", "--run-id", "ord-1", "--input",
        "{\"orderId\": \"ORD-1\", \"customerEmail\": \"c@example.com\"}");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("COMPLETED"), r.out());
    Path file = dir.resolve("ord-1.json");
    assertEquals(0, Cli.on(db(), "history", "--run-id", "ord-1", "--export", file.toString())
        .code());
    JsonNode history = Json.parse(Files.readString(file), "export");
    assertEquals("order", history.path("definition").asText());
    assertTrue(Replayer.check(new Order(), history).isEmpty(), "the same code replays cleanly");
  }

  @Test
  void theQuizShowsRobinsProgressAndCompletesWhenItsWaitIsOver() throws Exception {
    ManualClock clock = new ManualClock();
    try (Weft weft = Weft.builder().url("sqlite:" + db()).clock(clock)
        .pollInterval(Duration.ofMillis(20)).build()) {
      WorkflowHandle<Quiz.Assessment> h = weft.workflows().start(new Quiz(),
          new Quiz.Input("lesson_123"), StartOptions.id("quiz-1").withOwner("student-7"));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (h.status() != RunStatus.WAITING && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Cli.Result p = Cli.on(db(), "progress", "--owner", "student-7", "--json");
      JsonNode run = p.json().path("runs").get(0);
      assertEquals("Robin is waiting for your answers", run.path("message").asText(), p.out());
      assertEquals(4, run.path("step").asInt());
      assertEquals(7, run.path("total").asInt());
      assertEquals("WAITING", run.path("status").asText());
      clock.advance(Duration.ofSeconds(120));
      Quiz.Assessment a = h.result(Duration.ofSeconds(30));
      assertEquals(h.query("quiz_id", String.class), a.quizId());
      assertEquals("Completed", a.status());
      assertEquals(0, Cli.on(db(), "progress", "--owner", "student-7", "--json").json()
          .path("runs").size());
    }
  }

  @Test
  void aWorkflowRunStartedFromTheCliWithAnOwnerIsListedByProgress() throws Exception {
    Cli.Result r = Cli.on(db(), "run", "quiz", "--run-id", "quiz-2", "--owner", "ana",
        "--input", "{\"lessonId\": \"lesson_9\"}");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("WAITING"), r.out());
    JsonNode runs = Cli.on(db(), "progress", "--owner", "ana", "--json").json().path("runs");
    assertEquals(1, runs.size(), runs.toString());
    assertEquals("quiz-2", runs.get(0).path("run_id").asText(), runs.toString());
    assertEquals(0, Cli.on(db(), "progress", "--owner", "bob", "--json").json().path("runs")
        .size());
  }

  @Test
  void aWaitingWorkflowCancelledFromTheCliReceivesItWhenResumedAndEndsCancelled()
      throws Exception {
    assertEquals(0, Cli.on(db(), "run", "quiz", "--run-id", "quiz-3", "--input",
        "{\"lessonId\": \"lesson_1\"}").code());
    Cli.Result c = Cli.on(db(), "cancel", "--run-id", "quiz-3", "--reason", "lesson withdrawn");
    assertEquals(0, c.code(), c.toString());
    assertTrue(c.out().contains("run quiz-3: cancellation stored; the run was waiting and"
        + " continues under a running worker"), c.out());
    assertEquals("WAITING", Cli.on(db(), "get", "--run-id", "quiz-3", "--json").json()
        .path("status").asText(), "nothing executed by cancel itself");
    assertEquals(0, Cli.on(db(), "cancel", "--run-id", "quiz-3").code(), "asked again");
    try (java.sql.Connection conn = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db());
        java.sql.ResultSet rs = conn.createStatement().executeQuery(
            "SELECT count(*) FROM weft_signals WHERE name = 'weft.cancel'")) {
      rs.next();
      assertEquals(1, rs.getInt(1), "one cancellation stored, not two");
    }
    Cli.Result resumed = Cli.on(db(), "resume", "quiz", "--run-id", "quiz-3");
    assertTrue(resumed.out().contains("CANCELLED"), resumed.toString());
    JsonNode run = Cli.on(db(), "get", "--run-id", "quiz-3", "--json").json();
    assertEquals("CANCELLED", run.path("status").asText(), run.toString());
    String history = Cli.on(db(), "history", "--run-id", "quiz-3").out();
    assertTrue(history.contains("WF_CANCELLED") && history.contains("lesson withdrawn"),
        history);
    assertEquals(0, Cli.on(db(), "verify", "--run-id", "quiz-3").code());
  }

  @Test
  void cancellingALoopRunAnUnknownRunOrAnEndedRunIsAClearErrorThatWritesNothing()
      throws Exception {
    assertEquals(0, Cli.on(db(), "run", "counter", "--run-id", "c1", "--input",
        "{\"target\": 2}").code());
    assertEquals(0, Cli.on(db(), "run", "order", "--run-id", "ord-9", "--input",
        "{\"orderId\": \"ORD-9\", \"customerEmail\": \"c@example.com\"}").code());
    Cli.Result loop = Cli.on(db(), "cancel", "--run-id", "c1");
    assertEquals(2, loop.code(), loop.toString());
    assertTrue(loop.err().contains("run 'c1' is not a workflow run"), loop.toString());
    Cli.Result unknown = Cli.on(db(), "cancel", "--run-id", "nope");
    assertEquals(2, unknown.code(), unknown.toString());
    assertTrue(unknown.err().contains("nope"), unknown.toString());
    Cli.Result ended = Cli.on(db(), "cancel", "--run-id", "ord-9");
    assertEquals(2, ended.code(), ended.toString());
    assertTrue(ended.err().contains("has ended") || ended.err().contains("it has ended"),
        ended.toString());
    Cli.Result blank = Cli.on(db(), "cancel", "--run-id", "ord-9", "--reason", " ");
    assertEquals(2, blank.code(), blank.toString());
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db());
        java.sql.ResultSet rs = c.createStatement().executeQuery(
            "SELECT count(*) FROM weft_signals")) {
      rs.next();
      assertEquals(0, rs.getInt(1), "no cancellation stored");
    }
  }

  @Test
  void anOwnerForARunThatIsNotAWorkflowIsRefusedBeforeAnythingIsWritten() throws Exception {
    Cli.Result r = Cli.on(db(), "run", "counter", "--run-id", "c1", "--owner", "ana",
        "--input", "{\"target\": 2}");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("--owner applies to workflow runs; 'counter' is not a workflow"),
        r.toString());
    assertTrue(Files.notExists(db()), "nothing written");
  }

  @Test
  void benchWorkflowChecksItsOptionsBeforeAnythingRuns() throws Exception {
    Cli.Result zero = Cli.run("bench", "workflow", "--workflows", "0", "--activities", "5",
        "--db", dir.resolve("b.db").toString());
    assertEquals(2, zero.code(), zero.toString());
    assertTrue(zero.err().contains("--workflows and --activities must be at least 1"),
        zero.toString());
    Files.writeString(dir.resolve("exists.db"), "");
    Cli.Result exists = Cli.run("bench", "workflow", "--workflows", "2", "--activities", "2",
        "--db", dir.resolve("exists.db").toString());
    assertEquals(2, exists.code(), exists.toString());
    assertTrue(exists.err().contains("already exists"), exists.toString());
  }
}
