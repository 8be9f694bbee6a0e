package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./weft} launcher, end to end as a user runs it. Runs in the {@code package} phase
 * after the jar is shaded (see weft-cli/pom.xml), so the script finds the jar fresh and does not
 * start a nested Maven build; run elsewhere, the script would build the jar first.
 */
class WeftScriptIT {
  private static final String KEY = "a-secret-key-of-enough-bytes";

  @TempDir Path dir;

  @Test
  void theLauncherRunsACounterFromTheRepositoryRootAndKeepsTheCallersDirectory()
      throws Exception {
    Path root = repositoryRoot();
    Path db = dir.resolve("script.db");

    Result run = weft(root, List.of("./weft", "run", "counter", "--run-id", "s1", "--input",
        "{\"target\": 5}", "--db", db.toString(), "--json"));
    assertEquals(0, run.code(), run::toString);
    JsonNode json = Json.parse(run.out(), "stdout");
    assertEquals("COMPLETED", json.get("status").asText());
    assertEquals(5, json.get("result").asInt());

    // From another directory, a relative --db is resolved against the caller's directory.
    Result get = weft(dir, List.of(root.resolve("weft").toString(), "explain", "--run-id", "s1",
        "--db", "script.db"));
    assertEquals(0, get.code(), get::toString);
    assertTrue(get.out().contains("\nchain:                hmac-sha256\n"),
        "WEFT_SECRET_KEY keyed the journal: " + get);

    Path keyFile = Files.writeString(dir.resolve("key"), KEY);
    assertEquals(0, Cli.on(db, "verify", "--run-id", "s1", "--key-file", keyFile.toString())
        .code());
  }

  private record Result(int code, String out, String err) {}

  private Result weft(Path cwd, List<String> args) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(prepend("bash", args)).directory(cwd.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("WEFT_SECRET_KEY", KEY);
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("./weft did not finish");
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static List<String> prepend(String first, List<String> rest) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream())
        .toList();
  }

  private static Path repositoryRoot() {
    for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null;
        p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("weft")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    throw new AssertionError("no directory above " + System.getProperty("user.dir")
        + " holds the weft script");
  }
}
