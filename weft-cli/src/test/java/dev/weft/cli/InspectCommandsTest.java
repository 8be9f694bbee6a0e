package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandsTest {
  static final List<List<String>> INSPECTIONS = List.of(
      List.of("get", "--run-id", "c1"),
      List.of("history", "--run-id", "c1"),
      List.of("attempts", "--run-id", "c1"),
      List.of("tool-calls", "--run-id", "c1"),
      List.of("explain", "--run-id", "c1"),
      List.of("verify", "--run-id", "c1"),
      List.of("resolve", "--run-id", "c1", "--call", "s0.c0", "--retry"),
      List.of("list"));

  @TempDir static Path dir;
  private static Path db;

  /** The tests only read, so they share one database: a completed counter, a paused charge. */
  @BeforeAll
  static void twoRuns() {
    db = dir.resolve("weft.db");
    Path charges = dir.resolve("charges.txt");
    ok(Cli.on(db, "run", "counter", "--run-id", "c1", "--input", "{\"target\": 12}"));
    ok(Cli.on(db, "run", "charge", "--run-id", "ch", "--input",
        "{\"file\": \"" + charges + "\", \"count\": 3}", "--max-steps", "2"));
  }

  @Test
  void listShowsRunsNewestFirstInAnAlignedTable() {
    Cli.Result r = ok(Cli.on(db, "list"));
    List<String> lines = r.out().lines().toList();
    assertEquals(3, lines.size(), r::toString);
    String header = lines.get(0);
    assertTrue(header.matches("RUN ID +DEFINITION +STATUS +STEPS +UPDATED +OUTCOME"), header);
    assertColumn(lines, header.indexOf("DEFINITION"), "charge", "counter");
    assertColumn(lines, header.indexOf("STATUS"), "PAUSED ", "COMPLETED ");
    assertColumn(lines, header.indexOf("STEPS"), "2 ", "12 ");
    assertColumn(lines, header.indexOf("OUTCOME"), "", "12");
  }

  private static void assertColumn(List<String> lines, int at, String first, String second) {
    assertTrue(lines.get(1).startsWith("ch ") && lines.get(2).startsWith("c1 "), lines::toString);
    assertEquals(first, lines.get(1).length() <= at ? "" : lines.get(1).substring(at,
        Math.min(lines.get(1).length(), at + first.length())), lines::toString);
    assertEquals(second, lines.get(2).substring(at, at + second.length()), lines::toString);
  }

  @Test
  void listFiltersByStatusAndDefinitionAndPages() {
    JsonNode paused = ok(Cli.on(db, "list", "--status", "paused", "--json")).json();
    assertEquals(List.of("ch"), runIds(paused));
    JsonNode counters = ok(Cli.on(db, "list", "--definition", "counter", "--json")).json();
    assertEquals(List.of("c1"), runIds(counters));
    JsonNode second = ok(Cli.on(db, "list", "--limit", "1", "--offset", "1", "--json")).json();
    assertEquals(List.of("c1"), runIds(second));
    Cli.Result firstPage = ok(Cli.on(db, "list", "--limit", "1"));
    assertTrue(firstPage.out().endsWith("(more may follow: --offset 1)\n"), firstPage::toString);
  }

  @Test
  void badStatusValueIsAnInputError() {
    Cli.Result r = Cli.on(db, "list", "--status", "sleeping");
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("weft: unknown run status 'sleeping'"), r::toString);
  }

  @Test
  void getPrintsTheRunAsAlignedKeyValueLinesOrJson() {
    Cli.Result r = ok(Cli.on(db, "get", "--run-id", "c1"));
    assertTrue(r.out().startsWith("run_id:     c1\ndefinition: counter v1\n"
        + "status:     COMPLETED\nsteps:      12\nresult:     12\n"
        + "state:      {\"count\":11,\"target\":12}\ncreated:    "), r::toString);
    JsonNode json = ok(Cli.on(db, "get", "--run-id", "ch", "--json")).json();
    assertEquals("PAUSED", json.get("status").asText());
    assertEquals(2, json.get("state").get("done").asInt());
  }

  @Test
  void historyAttemptsAndToolCallsPageThroughTheRun() {
    Cli.Result history = ok(Cli.on(db, "history", "--run-id", "c1", "--limit", "3"));
    List<String> lines = history.out().lines().toList();
    assertTrue(lines.get(0).matches("SEQ +STEP +KIND +AT +SIZE +DATA"), history::toString);
    assertTrue(lines.get(1).startsWith("1    0     RUN_STARTED "), history::toString);
    assertTrue(lines.get(1).endsWith("..."), "long JSON cells are cut: " + lines.get(1));
    assertEquals("(more may follow: --offset 3)", lines.get(4));
    JsonNode all = ok(Cli.on(db, "history", "--run-id", "c1", "--offset", "1", "--json"))
        .json();
    assertEquals(13, all.get("entries").size()); // 12 steps + completion after the start entry
    assertEquals(2, all.get("entries").get(0).get("seq").asLong());

    JsonNode attempts = ok(Cli.on(db, "attempts", "--run-id", "c1", "--json")).json();
    assertEquals(12, attempts.get("attempts").size());
    assertEquals("SUCCEEDED", attempts.get("attempts").get(0).get("outcome").asText());
    assertTrue(ok(Cli.on(db, "attempts", "--run-id", "c1")).out()
        .startsWith("STEP  ATTEMPT  OUTCOME    STARTED"));

    JsonNode calls = ok(Cli.on(db, "tool-calls", "--run-id", "ch", "--json")).json();
    assertEquals(2, calls.get("tool_calls").size());
    assertEquals("charge-2", calls.get("tool_calls").get(1).get("result").asText());
    Cli.Result table = ok(Cli.on(db, "tool-calls", "--run-id", "ch"));
    assertTrue(table.out().lines().toList().get(1).matches(
        "s0\\.c0 +append +0 +DONE +\\S+ +\\{\"file\":.*\\.\\.\\. +charge-1"), table::toString);
  }

  @Test
  void explainPrintsItsFactsAndSummary() {
    Cli.Result r = ok(Cli.on(db, "explain", "--run-id", "ch"));
    assertTrue(r.out().contains("\nstatus:               PAUSED\n"), r::toString);
    assertTrue(r.out().contains("\ninterrupted_attempts: 0\n"), r::toString);
    assertTrue(r.out().contains("\nch is a run of charge v1; it is PAUSED after 2 committed"
        + " steps.\n"), r::toString);
    JsonNode json = ok(Cli.on(db, "explain", "--run-id", "ch", "--json")).json();
    assertEquals(2, json.get("tool_calls").asInt());
    assertTrue(json.get("summary").isArray());
  }

  @Test
  void verifyPassesAnUntouchedJournal() {
    Cli.Result r = ok(Cli.on(db, "verify", "--run-id", "c1"));
    assertEquals("run c1: journal intact (14 entries, SHA-256 chain)\n", r.out());
    assertTrue(ok(Cli.on(db, "verify", "--run-id", "ch", "--json")).json().get("intact")
        .asBoolean());
  }

  @Test
  void everyInspectionOfAnUnknownRunIsAnInputError() {
    for (List<String> command : INSPECTIONS.subList(0, INSPECTIONS.size() - 1)) {
      List<String> args = new ArrayList<>(command);
      args.set(2, "nope");
      Cli.Result r = Cli.on(db, args.toArray(String[]::new));
      assertEquals(2, r.code(), () -> command + ": " + r);
      assertEquals("weft: run 'nope' does not exist in this store\n", r.err(), command::toString);
    }
  }

  private static List<String> runIds(JsonNode list) {
    List<String> ids = new ArrayList<>();
    list.get("runs").forEach(r -> ids.add(r.get("run_id").asText()));
    return ids;
  }

  static Cli.Result ok(Cli.Result r) {
    assertEquals(0, r.code(), r::toString);
    return r;
  }
}
