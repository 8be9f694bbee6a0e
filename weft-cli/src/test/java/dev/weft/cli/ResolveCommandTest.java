package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.cli.testing.Halting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolveCommandTest {
  @TempDir Path dir;

  @Test
  void resolveNeedsExactlyOneOfRetryResultAndFail() {
    Path db = dir.resolve("weft.db");
    Cli.Result none = Cli.on(db, "resolve", "--run-id", "r", "--call", "s0.c0");
    assertEquals(2, none.code());
    assertEquals("weft: Missing required argument (specify one of these): (--retry |"
        + " --result=JSON | --fail=MESSAGE) (see weft resolve --help)\n", none.err());
    Cli.Result two = Cli.on(db, "resolve", "--run-id", "r", "--call", "s0.c0", "--retry",
        "--result", "1", "--json");
    assertEquals(2, two.code());
    assertEquals("--retry, --result=JSON are mutually exclusive (specify only one) (see weft"
        + " resolve --help)", two.json().get("error").asText());
    Cli.Result noCall = Cli.on(db, "resolve", "--run-id", "r", "--retry");
    assertEquals(2, noCall.code());
    assertTrue(noCall.err().startsWith("weft: Missing required option: '--call=KEY'"),
        noCall::toString);
  }

  @Test
  void resolvingARunThatNeedsNoAttentionOrWithMalformedJsonIsAnInputError() {
    Path db = dir.resolve("weft.db");
    Cli.on(db, "run", "counter", "--run-id", "c1", "--input", "{\"target\": 2}");
    Cli.Result settled = Cli.on(db, "resolve", "--run-id", "c1", "--call", "s0.c0", "--retry");
    assertEquals(2, settled.code());
    assertEquals("weft: run 'c1' is COMPLETED: only runs that need attention have calls to"
        + " resolve\n", settled.err());
    Cli.Result malformed = Cli.on(db, "resolve", "--run-id", "c1", "--call", "s0.c0",
        "--result", "{oops");
    assertEquals(2, malformed.code());
    assertTrue(malformed.err().startsWith("weft: --result is not valid JSON"),
        malformed::toString);
  }

  /**
   * A process dies right after a non-idempotent effect, before its result is recorded. Resume
   * stops in NEEDS_ATTENTION (exit 1, saying what to do); the operator sees the effect happened
   * and supplies its result; resume completes without repeating the effect.
   */
  @Test
  void aCallInDoubtAfterTheProcessDiedIsSettledByResolveWithoutRepeatingTheEffect()
      throws Exception {
    Path db = dir.resolve("weft.db");
    Path effects = dir.resolve("effects.txt");
    int exit = runInChildThatHalts(db, effects);
    assertEquals(3, exit, "the child halted inside the tool");
    assertEquals(List.of("effect"), Files.readAllLines(effects));

    Cli.Result attention = Cli.on(db, "resume", "test-halting", "--run-id", "h1");
    assertEquals(1, attention.code(), attention::toString);
    assertTrue(attention.out().startsWith("run h1: NEEDS_ATTENTION after 0 steps: the run needs"
        + " attention: tool call 's0.c0' of tool 'write' was in flight"), attention::toString);
    assertTrue(attention.out().contains("weft resolve --run-id h1 --call s0.c0 (--retry |"
        + " --result JSON | --fail MESSAGE)"), attention::toString);
    JsonNode calls = Cli.on(db, "tool-calls", "--run-id", "h1", "--json").json();
    assertEquals("PENDING", calls.get("tool_calls").get(0).get("status").asText());

    Cli.Result resolved = Cli.on(db, "resolve", "--run-id", "h1", "--call", "s0.c0",
        "--result", "\"effect\"");
    assertEquals(0, resolved.code(), resolved::toString);
    assertEquals("run h1: call s0.c0 resolved (result); the run is PAUSED; continue with: weft"
        + " resume test-halting --run-id h1\n", resolved.out());

    Cli.Result done = Cli.on(db, "resume", "test-halting", "--run-id", "h1");
    assertEquals("run h1: COMPLETED after 1 step, result effect\n", done.out(), done::toString);
    assertEquals(List.of("effect"), Files.readAllLines(effects), "the effect happened once");
    assertEquals(0, Cli.on(db, "verify", "--run-id", "h1").code());
  }

  private int runInChildThatHalts(Path db, Path effects) throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
        "-D" + Halting.HALT + "=true", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "run", "test-halting", "--run-id", "h1", "--input",
        "{\"file\": \"" + effects + "\"}", "--db", db.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile())
        .start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("child JVM did not finish");
    }
    return p.exitValue();
  }
}
