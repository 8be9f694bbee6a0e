package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageTest {
  @TempDir Path dir;

  @Test
  void withoutACommandItPrintsUsageAndExitsWithTwo() {
    Cli.Result r = Cli.run();
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("Usage: weft "), r::toString);
    assertTrue(r.err().contains("resolve"), r::toString);
  }

  @Test
  void helpIsNotAnError() {
    Cli.Result r = Cli.run("run", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("--max-steps=N"), r::toString);
  }

  @Test
  void unknownCommandsAndOptionsAreOneLineUsageErrors() {
    Cli.Result command = Cli.run("frobnicate");
    assertEquals(2, command.code());
    assertEquals("weft: Unmatched argument at index 0: 'frobnicate' (see weft --help)\n",
        command.err());
    Cli.Result option = Cli.run("list", "--colour", "--json");
    assertEquals(2, option.code());
    assertEquals(1, option.err().lines().count(), option::toString);
    assertTrue(option.json().get("error").asText().startsWith("Unknown option: '--colour'"),
        option::toString);
    Cli.Result value = Cli.run("history", "--run-id", "r", "--limit", "many");
    assertEquals(2, value.code());
    assertEquals("weft: Invalid value for option '--limit': 'many' is not an int (see weft"
        + " history --help)\n", value.err());
  }

  @Test
  void aStackTraceIsPrintedOnlyWithVerbose() {
    Path missing = dir.resolve("missing.db");
    Cli.Result quiet = Cli.on(missing, "get", "--run-id", "r");
    assertEquals(1, quiet.err().lines().count(), quiet::toString);
    Cli.Result verbose = Cli.on(missing, "get", "--run-id", "r", "--verbose");
    assertEquals(2, verbose.code());
    assertTrue(verbose.err().startsWith(quiet.err()), verbose::toString);
    assertTrue(verbose.err().contains("\tat dev.weft."), verbose::toString);
    assertFalse(quiet.err().contains("\tat "));
  }

  @Test
  void anUnreadableKeyFileIsAnInputError() {
    Cli.Result r = Cli.on(dir.resolve("w.db"), "run", "counter", "--run-id", "c",
        "--key-file", dir.resolve("no-such-key").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("weft: cannot read --key-file "), r::toString);
  }
}
