package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database written by an earlier Weft is migrated on open and keeps every run: the fixture
 * {@code migration/schema-1.db} was written by the schema-1 build (commit 8131c1c) with
 *
 * <pre>
 * weft run counter --run-id done --input '{"target":3}'
 * weft run counter --run-id paused --input '{"target":5}' --max-steps 2
 * weft run charge --run-id charged --input '{"file":"/tmp/fx/charges.txt","count":2}'
 * weft run approval --run-id waiting --input '{"request": "refund 7"}'
 * weft run reminder --run-id timer --input '{"seconds": 1}'
 * </pre>
 */
class MigrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path schemaOne() throws Exception {
    Path db = dir.resolve("old.db");
    try (InputStream in = MigrationTest.class.getResourceAsStream("/migration/schema-1.db")) {
      Files.copy(in, db);
    }
    return db;
  }

  private static String scalar(Path db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static List<String> columns(Path db, String table) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (rs.next()) {
        out.add(rs.getString("name"));
      }
    }
    return out;
  }

  private static JsonNode json(Cli.Result r) throws Exception {
    assertEquals(0, r.code(), r::toString);
    return JSON.readTree(r.out());
  }

  @Test
  void theFixtureIsAtSchemaOne() throws Exception {
    Path db = schemaOne();
    assertEquals("1", scalar(db, "SELECT value FROM weft_meta WHERE name = 'schema_version'"));
    assertTrue(columns(db, "weft_runs").contains("chain_count"));
  }

  @Test
  void openingASchemaOneDatabaseMigratesItAndKeepsEveryRunIntact() throws Exception {
    Path db = schemaOne();
    JsonNode runs = json(Cli.on(db, "list", "--json"));
    assertEquals("2", scalar(db, "SELECT value FROM weft_meta WHERE name = 'schema_version'"));
    assertFalse(columns(db, "weft_runs").contains("chain_count"), "moved to weft_heads");
    assertEquals(List.of("run", "lease_epoch", "chain_count", "chain_head", "steps",
        "updated_at", "state_data", "state_blob", "state_seq"), columns(db, "weft_heads"));
    assertEquals(5, runs.get("runs").size(), runs::toString);

    JsonNode done = json(Cli.on(db, "get", "--run-id", "done", "--json"));
    assertEquals("COMPLETED", done.get("status").asText());
    assertEquals(3, done.get("steps").asInt());
    assertEquals(3, done.get("result").asInt());
    JsonNode paused = json(Cli.on(db, "get", "--run-id", "paused", "--json"));
    assertEquals("PAUSED", paused.get("status").asText());
    assertEquals(2, paused.get("steps").asInt());
    assertEquals(2, paused.get("state").get("count").asInt());
    for (String run : List.of("done", "paused", "charged", "waiting", "timer")) {
      Cli.Result verify = Cli.on(db, "verify", "--run-id", run);
      assertEquals(0, verify.code(), verify::toString);
    }
  }

  @Test
  void runsOfASchemaOneDatabaseContinueAfterTheMigration() throws Exception {
    Path db = schemaOne();
    JsonNode paused = json(Cli.on(db, "resume", "counter", "--run-id", "paused", "--json"));
    assertEquals("COMPLETED", paused.get("status").asText(), paused::toString);
    assertEquals(5, paused.get("result").asInt());
    assertEquals(5, paused.get("steps").asInt());

    assertEquals(0, Cli.on(db, "respond", "--run-id", "waiting", "--payload",
        "{\"approved\": true}").code());
    JsonNode waiting = json(Cli.on(db, "resume", "approval", "--run-id", "waiting", "--json"));
    assertEquals("COMPLETED", waiting.get("status").asText(), waiting::toString);
    assertTrue(waiting.get("result").get("approved").asBoolean());

    // The timer was due long ago: it fires at once.
    JsonNode timer = json(Cli.on(db, "resume", "reminder", "--run-id", "timer", "--json"));
    assertEquals("COMPLETED", timer.get("status").asText(), timer::toString);

    for (String run : List.of("paused", "waiting", "timer")) {
      Cli.Result verify = Cli.on(db, "verify", "--run-id", run);
      assertEquals(0, verify.code(), verify::toString);
    }
    // The history of the resumed counter is that of an uninterrupted run of the same input,
    // but for the pause.
    Path fresh = dir.resolve("fresh.db");
    assertEquals(0, Cli.on(fresh, "run", "counter", "--run-id", "paused", "--input",
        "{\"target\":5}").code());
    assertEquals(kinds(json(Cli.on(fresh, "history", "--run-id", "paused", "--json"))),
        kinds(json(Cli.on(db, "history", "--run-id", "paused", "--json"))));
  }

  private static List<String> kinds(JsonNode history) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : history.get("entries")) {
      if (e.get("kind").asText().equals("RUN_PAUSED")) {
        continue;
      }
      out.add(e.get("kind").asText() + "@" + e.get("step").asInt() + ":" + e.get("data"));
    }
    return out;
  }
}
