package dev.weft.postgres.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.JournalEntry;
import dev.weft.RunStatus;
import dev.weft.postgres.PostgresDatabase;
import dev.weft.spi.RunRecord;
import dev.weft.spi.Store;
import dev.weft.testing.Effects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graceful shutdown: SIGTERM lets the step under way finish and commit, pauses the run there and
 * releases its lease; a step that outlasts the drain time has its lease released anyway. Leases
 * last 60 s here, so only the release lets the next worker continue the runs at once.
 */
class WorkerDrainTest {
  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @TempDir Path dir;

  @Test
  void sigtermLetsTheStepUnderWayCommitThenReleasesTheRunForAnotherWorker() throws Exception {
    Path hold = Files.createFile(dir.resolve("hold"));
    try (Scene scene = new Scene(db)) {
      WorkerProcess a = scene.worker("concurrency=2", "ttlMillis=60000", "pollMillis=100",
          Scene.holdArg(hold));
      scene.client.enqueue(scene.loop, "drained", new Effects.Input(3));
      assertEquals("TOOL drained 0", a.await("TOOL").orElseThrow());
      a.terminate();
      // Draining: no new step starts, the one under way may finish.
      if (a.await("CLOSING").isEmpty()) {
        throw new AssertionError("worker ended with " + a.exit() + " before draining:\n"
            + a.output());
      }
      Files.delete(hold);
      assertEquals(143, a.exit(), a.output());
      RunRecord paused = scene.client.store().find("drained").orElseThrow();
      assertEquals(RunStatus.PAUSED, paused.status(), a.output());
      assertEquals(1, paused.progress().steps(), "step 0 committed before the worker stopped");
      assertNull(paused.lease().owner(), "lease released");
      List<JournalEntry> history = scene.client.inspector().history("drained", 0, 100);
      assertEquals("RUN_PAUSED", history.get(history.size() - 1).kind());

      WorkerProcess b = scene.worker("concurrency=2", "ttlMillis=60000", "pollMillis=100");
      assertEquals(RunStatus.COMPLETED, scene.client.await("drained", Duration.ofSeconds(30))
          .status());
      long[] results = scene.client.get("drained").result(long[].class);
      assertEquals(List.of(a.pid(), b.pid(), b.pid()), List.of(results[0], results[1],
          results[2]));
      Store.RunStats stats = scene.client.store().stats(paused.key());
      assertEquals(0, stats.interruptedAttempts(), "no step was cut short");
      assertEquals(3, scene.count("SELECT count(*) FROM " + scene.prefix + "_attempts"));
      b.terminate();
      assertEquals(143, b.exit());
    }
  }

  @Test
  void aStepOutlastingTheDrainTimeHasItsLeaseReleasedAndIsContinuedElsewhere()
      throws Exception {
    Path hold = Files.createFile(dir.resolve("hold"));
    try (Scene scene = new Scene(db)) {
      WorkerProcess a = scene.worker("concurrency=2", "ttlMillis=60000", "pollMillis=100",
          "drainMillis=300", Scene.holdArg(hold));
      scene.client.enqueue(scene.loop, "long", new Effects.Input(2));
      assertEquals("TOOL long 0", a.await("TOOL").orElseThrow());
      a.terminate();
      assertEquals(143, a.exit(), a.output());
      RunRecord left = scene.client.store().find("long").orElseThrow();
      assertEquals(RunStatus.RUNNING, left.status());
      assertNull(left.lease().owner(), "lease released although it had a minute left");
      Files.delete(hold);
      WorkerProcess b = scene.worker("concurrency=2", "ttlMillis=60000", "pollMillis=100");
      assertEquals(RunStatus.COMPLETED, scene.client.await("long", Duration.ofSeconds(30))
          .status());
      long[] results = scene.client.get("long").result(long[].class);
      assertEquals(List.of(b.pid(), b.pid()), List.of(results[0], results[1]));
      assertEquals(1, scene.client.store().stats(left.key()).interruptedAttempts(),
          "the abandoned attempt is on record");
      b.terminate();
      assertEquals(143, b.exit());
    }
  }
}
