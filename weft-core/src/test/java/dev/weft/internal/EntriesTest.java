package dev.weft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The start entry written from encoded state bytes is the same document as from a tree. */
class EntriesTest {
  @Test
  void aStartEntryFromStateBytesEqualsTheOneFromTheStateTree() {
    JsonNode input = Json.parse("{\"text\": \"a \\\"quoted\\\" ünïcode\", \"n\": 1.10}", "input");
    byte[] state = "{\"node\":\"start\",\"vars\":{\"x\":[1,2.50,null]}}"
        .getBytes(StandardCharsets.UTF_8);
    String name = "de\"f\\inition";
    JsonNode fromBytes = Json.tree(Entries.runStarted(name, 3, input, state));
    JsonNode fromTree = Json.tree(Entries.runStarted(name, 3, input, Json.tree(state)));
    assertEquals(fromTree, fromBytes);
    assertEquals(name, fromBytes.get("definition").asText());
    assertEquals("2.50", fromBytes.at("/state/vars/x/1").decimalValue().toPlainString());
  }
}
