package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The approval and reminder examples, signal, respond and resume of waiting runs. */
class WaitCommandsTest {
  @TempDir Path dir;

  private Path db() {
    return dir.resolve("weft.db");
  }

  private static final String PROMPT = "Approve refund 7? Answer {\"approved\": true|false} or"
      + " yes/no.";

  private void startApproval(String runId) {
    Cli.Result r = Cli.on(db(), "run", "approval", "--run-id", runId, "--input",
        "{\"request\": \"refund 7\"}");
    assertEquals(0, r.code(), r::toString);
    assertEquals("run " + runId + ": WAITING after 1 step; it waits for an answer to: " + PROMPT
        + " (answer with: weft respond --run-id " + runId + " --payload JSON)\n", r.out());
  }

  @Test
  void approvalAsksWaitsAndCompletesWithTheAnswer() {
    startApproval("a1");
    Cli.Result get = Cli.on(db(), "get", "--run-id", "a1");
    assertTrue(get.out().contains("status:      WAITING\n"), get::toString);
    assertTrue(get.out().contains("waiting_for: waits for an answer\n"), get::toString);
    assertTrue(get.out().contains("prompt:      " + PROMPT + "\n"), get::toString);
    JsonNode explained = Cli.on(db(), "explain", "--run-id", "a1", "--json").json();
    assertEquals(PROMPT, explained.get("detail").get("prompt").asText());
    String last = explained.get("summary").get(explained.get("summary").size() - 1).asText();
    assertTrue(last.startsWith("It waits for an answer to: " + PROMPT), last);
    Cli.Result respond = Cli.on(db(), "respond", "--run-id", "a1", "--payload",
        "{\"approved\": true}");
    assertEquals(0, respond.code(), respond::toString);
    assertEquals("run a1: answer stored; it continues under a running worker (weft worker) or"
        + " with: weft resume approval --run-id a1\n", respond.out());
    Cli.Result done = Cli.on(db(), "resume", "approval", "--run-id", "a1");
    assertEquals("run a1: COMPLETED after 2 steps, result {\"approved\":true}\n", done.out());
  }

  @Test
  void aYesOrNoTextIsAnAnswerAndAnythingElseIsAskedAgain() {
    startApproval("a2");
    Cli.on(db(), "signal", "--run-id", "a2", "--name", "ask_user", "--payload", "\"maybe\"");
    Cli.Result again = Cli.on(db(), "resume", "approval", "--run-id", "a2");
    assertTrue(again.out().startsWith("run a2: WAITING after 2 steps; it waits for an answer"
        + " to: Could not read that answer. " + PROMPT), again::toString);
    Cli.on(db(), "respond", "--run-id", "a2", "--payload", "\" No \"");
    assertEquals("run a2: COMPLETED after 3 steps, result {\"approved\":false}\n",
        Cli.on(db(), "resume", "approval", "--run-id", "a2").out());
  }

  @Test
  void aSignalTheRunDoesNotWaitForIsKeptForLater() {
    startApproval("a3");
    Cli.Result r = Cli.on(db(), "signal", "--run-id", "a3", "--name", "cancel");
    assertEquals(0, r.code(), r::toString);
    assertEquals("run a3: signal 'cancel' stored; the run waits for an answer now, and receives"
        + " it once it waits for 'cancel'\n", r.out());
    JsonNode explained = Cli.on(db(), "explain", "--run-id", "a3", "--json").json();
    assertEquals(1, explained.get("signals_pending").asInt());
    assertTrue(explained.get("summary").toString().contains("1 signal(s) pending, delivered when"
        + " the run waits for them: cancel."), explained::toString);
    Cli.Result json = Cli.on(db(), "signal", "--run-id", "a3", "--name", "ask_user",
        "--payload", "true", "--json");
    assertEquals("WAITING", json.json().get("status").asText());
  }

  @Test
  void resumingAWaitingRunBeforeItsTimeIsAClearError() {
    Cli.Result run = Cli.on(db(), "run", "reminder", "--run-id", "m1", "--input",
        "{\"seconds\": 3600, \"message\": \"stretch\"}");
    assertEquals(0, run.code(), run::toString);
    assertTrue(run.out().startsWith("run m1: WAITING after 1 step; it sleeps until "), run.out());
    Cli.Result early = Cli.on(db(), "resume", "reminder", "--run-id", "m1");
    assertEquals(2, early.code(), early::toString);
    assertTrue(early.err().startsWith("weft: run 'm1' is WAITING: sleeps until "), early.err());
    assertTrue(early.err().endsWith("; nothing to resume until then\n"), early.err());
    Cli.Result respond = Cli.on(db(), "respond", "--run-id", "m1", "--payload", "1");
    assertEquals(2, respond.code(), respond::toString);
    assertTrue(respond.err().endsWith(", not for an answer\n"), respond.err());
  }

  @Test
  void aReminderWhoseTimeHasComeIsCompletedByResume() {
    Cli.on(db(), "run", "reminder", "--run-id", "m0", "--input", "{\"seconds\": 0}");
    assertEquals("run m0: COMPLETED after 2 steps, result {\"message\":\"reminder\","
        + "\"seconds\":0}\n", Cli.on(db(), "resume", "reminder", "--run-id", "m0").out());
  }

  @Test
  void signalsAndAnswersToEndedOrUnknownRunsAndPayloadsThatAreNotJsonAreInputErrors()
      throws Exception {
    Cli.Result missingDb = Cli.on(db(), "signal", "--run-id", "x", "--name", "go");
    assertEquals(2, missingDb.code());
    assertFalse(Files.exists(db()), "signal never creates a database");
    Cli.on(db(), "run", "counter", "--run-id", "c1", "--input", "{\"target\": 2}");
    Cli.Result ended = Cli.on(db(), "signal", "--run-id", "c1", "--name", "go");
    assertEquals(2, ended.code());
    assertEquals("weft: run 'c1' is COMPLETED: it has ended; no signal can reach it any more\n",
        ended.err());
    Cli.Result unknown = Cli.on(db(), "signal", "--run-id", "nope", "--name", "go");
    assertEquals(2, unknown.code());
    assertEquals("weft: run 'nope' does not exist in this store\n", unknown.err());
    Cli.Result notJson = Cli.on(db(), "signal", "--run-id", "c1", "--name", "go", "--payload",
        "{approved: yes}");
    assertEquals(2, notJson.code());
    assertTrue(notJson.err().startsWith("weft: --payload is not valid JSON: "), notJson.err());
    Cli.Result answerEnded = Cli.on(db(), "respond", "--run-id", "c1", "--payload", "true");
    assertEquals(2, answerEnded.code());
    assertEquals("weft: run 'c1' is COMPLETED: it has ended; there is nothing to answer\n",
        answerEnded.err());
    Cli.Result answerNotJson = Cli.on(db(), "respond", "--run-id", "c1", "--payload", "yes");
    assertEquals(2, answerNotJson.code());
    assertTrue(answerNotJson.err().startsWith("weft: --payload is not valid JSON"));
    Cli.Result noPayload = Cli.on(db(), "respond", "--run-id", "c1");
    assertEquals(2, noPayload.code());
  }
}
