package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * scripts/SqliteFloor.java, which docs/benchmarks.md cites for the floor under the loop
 * benchmarks, still runs against this build (a quick run: its statements against the current
 * schema's tables and its figures printed, not measured).
 */
class SqliteFloorScriptTest {
  private static final Pattern LINE = Pattern.compile(
      "(\\d+) steps/s; baseline (\\d+) single-row commits/s; ratio (\\d+\\.\\d+)");

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"sequential, fast, 3", "group, safe, 1"})
  void theFloorScriptRunsAndReportsItsRatios(String mode, String durability, int lines)
      throws Exception {
    Path script = ReadmeQuickStartTest.repositoryRoot().resolve("scripts/SqliteFloor.java");
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process p = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"), script.toString(), mode, dir.toString(),
        durability, "--quick")).redirectErrorStream(true).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the floor script did not finish");
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), output);
    Matcher m = LINE.matcher(output);
    int found = 0;
    while (m.find()) {
      found++;
      double steps = Double.parseDouble(m.group(1));
      double baseline = Double.parseDouble(m.group(2));
      assertTrue(steps > 0 && baseline > 0, output);
      assertEquals(steps / baseline, Double.parseDouble(m.group(3)), 0.006, output);
    }
    assertEquals(lines, found, output);
  }
}
