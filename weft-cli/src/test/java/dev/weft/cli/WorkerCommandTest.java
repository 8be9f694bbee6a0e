package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.RunInfo;
import dev.weft.RunStatus;
import dev.weft.Weft;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft worker} in a real process, stopped with SIGTERM. */
class WorkerCommandTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void aWorkerContinuesDueRunsAndAnsweredOnesUntilSigtermThenStopsCleanly() throws Exception {
    Path db = dir.resolve("weft.db");
    Cli.on(db, "run", "reminder", "--run-id", "due", "--input", "{\"seconds\": 0}");
    Cli.on(db, "run", "reminder", "--run-id", "later", "--input", "{\"seconds\": 3600}");
    Cli.on(db, "run", "approval", "--run-id", "a", "--input", "{}");
    Cli.Result queued = Cli.on(db, "run", "counter", "--run-id", "queued", "--input",
        "{\"target\": 4}", "--enqueue", "--priority", "3");
    assertEquals(0, queued.code(), queued::toString);
    assertTrue(queued.out().contains("run queued: PENDING after 0 steps; in queue for a worker"),
        queued::toString);
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process worker = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "worker", "--db",
        db.toString(), "--poll-millis", "50").redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(
        worker.getInputStream(), StandardCharsets.UTF_8))) {
      String first = out.readLine();
      assertTrue(first != null && first.startsWith("weft worker: continuing due runs of"
          + " approval, charge, counter, order, quiz, reminder"), String.valueOf(first));
      assertTrue(first.endsWith(" in " + db + "; stop with Ctrl-C"), first);
      try (Weft look = Weft.builder().url("sqlite:" + db).create(false).scheduler(false)
          .build()) {
        assertEquals(RunStatus.COMPLETED, look.await("due", PATIENCE).status());
        assertEquals(RunStatus.COMPLETED, look.await("queued", PATIENCE).status());
        assertEquals(0, Cli.on(db, "respond", "--run-id", "a", "--payload", "\"yes\"").code());
        RunInfo approved = look.await("a", PATIENCE);
        assertEquals("{\"approved\":true}", String.valueOf(approved.result()));
        assertEquals(RunStatus.WAITING, look.get("later").status());
      }
      worker.toHandle().destroy(); // SIGTERM; Process.destroy would also close our end
      List<String> rest = out.lines().toList(); // until the process has closed its output
      assertTrue(worker.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS));
      assertEquals(List.of("weft worker: stopped"), rest);
      assertEquals(143, worker.exitValue(), "ended by SIGTERM, after closing");
    } finally {
      worker.destroyForcibly();
    }
  }

  @Test
  void aWorkerRefusesADatabaseThatDoesNotExist() {
    Path missing = dir.resolve("missing.db");
    Cli.Result r = Cli.on(missing, "worker");
    assertEquals(2, r.code(), r::toString);
    assertFalse(Files.exists(missing));
    assertEquals(2, Cli.on(dir.resolve("w.db"), "worker", "--poll-millis", "1").code());
    Cli.on(dir.resolve("w.db"), "run", "counter", "--run-id", "c", "--input", "{\"target\": 1}");
    Cli.Result badRate = Cli.on(dir.resolve("w.db"), "worker", "--rate", "ten/1s");
    assertEquals(2, badRate.code(), badRate::toString);
    assertTrue(badRate.err().contains("--rate must look like N/PERIOD"), badRate::toString);
  }
}
