package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.internal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft graph} and the bundled {@code triage} graph run from the command line. */
class GraphCommandTest {
  @TempDir Path dir;

  @Test
  void triagePrintsAsAMermaidFlowchartWithStartAndEndMarkers() {
    Cli.Result r = Cli.run("graph", "triage");
    assertEquals(0, r.code(), r::toString);
    assertEquals("""
        flowchart TD
          start((start)) --> n0
          n0["classify"]
          n1["urgent"]
          n2["normal"]
          n3["done"]
          n0 --> n1
          n0 --> n2
          n1 --> n3
          n2 --> n3
          n3 --> finish((end))
        """, r.out());
  }

  @Test
  void triagePrintsAsJsonWithItsEntryNodesAndEdges() {
    JsonNode doc = Cli.run("graph", "triage", "--format", "json", "--json").json();
    assertEquals(Json.parse("""
        {"name": "triage", "version": 1, "entry": "classify", "nodes": [
          {"id": "classify", "next": ["urgent", "normal"], "terminal": false},
          {"id": "urgent", "next": ["done"], "terminal": false},
          {"id": "normal", "next": ["done"], "terminal": false},
          {"id": "done", "next": [], "terminal": true}]}""", "expected"), doc);
  }

  @Test
  void mermaidWithJsonIsOneDocumentHoldingTheText() {
    JsonNode doc = Cli.run("graph", "triage", "--json").json();
    assertEquals("mermaid", doc.get("format").asText());
    assertTrue(doc.get("text").asText().startsWith("flowchart TD\n"), doc::toString);
  }

  @Test
  void aLoopIsNotAGraphAndAnUnknownFormatIsRefused() {
    Cli.Result loop = Cli.run("graph", "counter");
    assertEquals(2, loop.code(), loop::toString);
    assertEquals("weft: 'counter' is not a graph; graphs: triage\n", loop.err());
    Cli.Result format = Cli.run("graph", "triage", "--format", "dot");
    assertEquals(2, format.code(), format::toString);
    assertEquals("weft: --format must be mermaid or json, got 'dot'\n", format.err());
    Cli.Result unknown = Cli.run("graph", "nosuch");
    assertEquals(2, unknown.code(), unknown::toString);
    assertTrue(unknown.err().contains("nosuch"), unknown::toString);
  }

  @Test
  void triagePagesOnCallForAnOutageAndFilesATicketOtherwise() throws Exception {
    Path db = dir.resolve("weft.db");
    JsonNode urgent = Cli.on(db, "run", "triage", "--run-id", "t1", "--input",
        "{\"text\": \"Checkout is DOWN for everyone\"}", "--json").json();
    assertEquals("COMPLETED", urgent.get("status").asText(), urgent::toString);
    assertEquals("urgent", urgent.at("/result/severity").asText());
    assertEquals("INC-t1/s1.c0", urgent.at("/result/action/incident").asText(),
        urgent::toString);
    JsonNode normal = Cli.on(db, "run", "triage", "--run-id", "t2", "--input",
        "{\"text\": \"please add dark mode\"}", "--json").json();
    assertEquals("normal", normal.at("/result/severity").asText());
    assertTrue(normal.at("/result/action/ticket").asText().startsWith("TKT-"), normal::toString);
    JsonNode calls = Cli.on(db, "tool-calls", "--run-id", "t2", "--json").json();
    assertEquals("file_ticket", calls.at("/tool_calls/0/tool").asText(), calls::toString);
    assertTrue(Files.size(db) > 0);
  }
}
