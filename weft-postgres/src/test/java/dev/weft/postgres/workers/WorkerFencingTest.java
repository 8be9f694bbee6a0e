package dev.weft.postgres.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.JournalEntry;
import dev.weft.RunInfo;
import dev.weft.RunStatus;
import dev.weft.postgres.PostgresDatabase;
import dev.weft.spi.RunRecord;
import dev.weft.testing.Effects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fencing end to end: a worker frozen with SIGSTOP inside a step, past its lease, is taken over
 * by another worker; resumed with SIGCONT, it finishes its effect but cannot commit it.
 */
class WorkerFencingTest {
  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @TempDir Path dir;

  @Test
  void aWorkerStoppedPastItsLeaseAndResumedCannotCommitWhatItDid() throws Exception {
    Path hold = Files.createFile(dir.resolve("hold"));
    try (Scene scene = new Scene(db)) {
      String[] args = {"concurrency=1", "ttlMillis=1500", "pollMillis=100",
          Scene.holdArg(hold)};
      WorkerProcess a = scene.worker(args);
      scene.client.enqueue(scene.loop, "fenced", new Effects.Input(2));
      assertEquals("TOOL fenced 0", a.await("TOOL").orElseThrow());
      a.signal("STOP"); // frozen inside the effect of step 0, holding the lease
      RunRecord heldByA = scene.client.store().find("fenced").orElseThrow();
      assertTrue(heldByA.lease().owner().contains("/" + a.pid() + "/"), heldByA.lease()
          .toString());
      Files.delete(hold);
      WorkerProcess b = scene.worker(args);
      // B takes the run once A's lease has expired, re-executes the in-doubt (idempotent) call
      // of step 0, and completes the run.
      RunInfo done = scene.client.await("fenced", Duration.ofSeconds(30));
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (done.status() != RunStatus.COMPLETED && System.nanoTime() < deadline) {
        done = scene.client.await("fenced", Duration.ofSeconds(1));
      }
      assertEquals(RunStatus.COMPLETED, done.status());
      RunRecord afterB = scene.client.store().find("fenced").orElseThrow();
      assertTrue(afterB.lease().epoch() > heldByA.lease().epoch());
      List<JournalEntry> before = scene.client.inspector().history("fenced", 0, 1000);

      a.signal("CONT"); // A's effect completes, then its commit is refused
      a.awaitOutput("lost its lease");
      List<List<String>> attempts = scene.query("SELECT step, pid FROM " + scene.prefix
          + "_attempts WHERE run = 'fenced' ORDER BY id");
      assertEquals(List.of(List.of("0", "" + b.pid()), List.of("1", "" + b.pid()),
          List.of("0", "" + a.pid())), attempts, "A executed its effect after B's, once resumed");
      assertEquals(List.of(List.of("0", "" + b.pid()), List.of("1", "" + b.pid())),
          scene.query("SELECT step, pid FROM " + scene.prefix + "_effects WHERE run = 'fenced'"
              + " ORDER BY step"));
      // Nothing of A's reached the journal: the same entries as before it resumed, B's results.
      assertEquals(before, scene.client.inspector().history("fenced", 0, 1000));
      assertEquals(List.of(b.pid(), b.pid()), List.of(scene.client.get("fenced")
          .result(long[].class)[0], scene.client.get("fenced").result(long[].class)[1]));
      assertTrue(scene.client.inspector().verify("fenced").intact());
      a.terminate();
      b.terminate();
      assertEquals(143, a.exit(), a.output());
      assertEquals(143, b.exit(), b.output());
    }
  }
}
