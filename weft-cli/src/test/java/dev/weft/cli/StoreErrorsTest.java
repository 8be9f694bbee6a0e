package dev.weft.cli;

import static dev.weft.cli.InspectCommandsTest.INSPECTIONS;
import static dev.weft.cli.InspectCommandsTest.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Databases that are missing, damaged, tampered with, newer, or keyed. */
class StoreErrorsTest {
  @TempDir Path dir;

  @Test
  void inspectionsOfAMissingDatabaseFailAndCreateNoFile() {
    Path missing = dir.resolve("missing.db");
    for (List<String> command : INSPECTIONS) {
      Cli.Result r = Cli.on(missing, command.toArray(String[]::new));
      assertEquals(2, r.code(), () -> command + ": " + r);
      assertEquals("weft: no Weft database at " + missing + " (the file does not exist)\n",
          r.err(), command::toString);
      assertFalse(Files.exists(missing), command::toString);
    }
  }

  @Test
  void aCorruptDatabaseFileIsAnInputErrorAndIsLeftAlone() throws Exception {
    Path corrupt = dir.resolve("corrupt.db");
    byte[] junk = new byte[8192];
    new java.util.Random(7).nextBytes(junk);
    Files.write(corrupt, junk);
    for (List<String> command : INSPECTIONS) {
      Cli.Result r = Cli.on(corrupt, command.toArray(String[]::new));
      assertEquals(2, r.code(), () -> command + ": " + r);
      assertTrue(r.err().startsWith("weft: " + corrupt + " is not a Weft SQLite database, or it"
          + " is corrupt"), r::toString);
      assertEquals(1, r.err().lines().count());
    }
    assertArrayEquals(junk, Files.readAllBytes(corrupt));
  }

  @Test
  void aDatabaseWrittenByANewerSchemaIsRefused() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
        Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE weft_meta SET value = '999' WHERE name = 'schema_version'");
    }
    for (List<String> command : INSPECTIONS) {
      Cli.Result r = Cli.on(db(), command.toArray(String[]::new));
      assertEquals(2, r.code(), () -> command + ": " + r);
      assertTrue(r.err().startsWith("weft: " + db() + " was written by a newer Weft (schema"
          + " version 999)"), r::toString);
    }
    Cli.Result run = Cli.on(db(), "run", "counter", "--run-id", "c9", "--json");
    assertEquals(2, run.code());
    assertTrue(run.json().get("error").asText().contains("newer Weft"), run::toString);
  }

  @Test
  void aKeyedJournalVerifiesOnlyWithItsKey() throws Exception {
    Path key = Files.writeString(dir.resolve("key"), "0123456789abcdef-secret\n");
    ok(Cli.on(db(), "run", "counter", "--run-id", "k1", "--input", "{\"target\": 3}",
        "--key-file", key.toString()));
    Cli.Result withKey = ok(Cli.on(db(), "verify", "--run-id", "k1", "--key-file",
        key.toString()));
    assertEquals("run k1: journal intact (5 entries, HMAC-SHA256 chain)\n", withKey.out());
    Cli.Result withoutKey = Cli.on(db(), "verify", "--run-id", "k1");
    assertEquals(2, withoutKey.code());
    assertTrue(withoutKey.err().contains("supply the secret key"), withoutKey::toString);
    Path other = Files.writeString(dir.resolve("other"), "another-key-of-enough-bytes");
    assertEquals(1, Cli.on(db(), "verify", "--run-id", "k1", "--key-file", other.toString())
        .code());
  }

  @Test
  void verifyFailsNamingTheEntryChangedWithPlainSql() throws Exception {
    ok(Cli.on(db(), "run", "counter", "--run-id", "c2", "--input", "{\"target\": 2}"));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
        PreparedStatement ps = c.prepareStatement("UPDATE weft_journal SET data = ? WHERE seq = 5"
            + " AND run = (SELECT id FROM weft_runs WHERE run_id = 'c1')")) {
      ps.setBytes(1, "{\"count\":99,\"target\":12}".getBytes(StandardCharsets.UTF_8));
      assertEquals(1, ps.executeUpdate());
    }
    Cli.Result r = Cli.on(db(), "verify", "--run-id", "c1");
    assertEquals(1, r.code(), r::toString);
    assertTrue(r.out().startsWith("run c1: journal NOT intact, first bad entry: 5: entry 5"
        + " (STEP_COMMITTED, step 3) does not match its hash"), r::toString);
    JsonNode json = Cli.on(db(), "verify", "--run-id", "c1", "--json").json();
    assertFalse(json.get("intact").asBoolean());
    assertEquals(5, json.get("first_bad_seq").asLong());
    assertTrue(ok(Cli.on(db(), "verify", "--run-id", "c2")).out().contains("intact"),
        "other runs are not affected");
  }

  /** A database with a completed counter run {@code c1} of 12 steps. */
  private Path db() {
    Path db = dir.resolve("weft.db");
    if (!Files.exists(db)) {
      ok(Cli.on(db, "run", "counter", "--run-id", "c1", "--input", "{\"target\": 12}"));
    }
    return db;
  }
}
