package dev.weft.postgres.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.RunStatus;
import dev.weft.postgres.PostgresDatabase;
import dev.weft.testing.Effects;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Workers on PostgreSQL are woken by LISTEN/NOTIFY, not by their poll: with a poll of ten
 * minutes, an idle worker takes a run enqueued by another process at once (the test gives it 30
 * seconds, far less than the poll).
 */
class WorkerNotifyTest {
  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @Test
  void anIdleWorkerTakesARunEnqueuedElsewhereWithoutWaitingForItsPoll() throws Exception {
    try (Scene scene = new Scene(db)) {
      WorkerProcess w = scene.worker("pollMillis=600000");
      // The first run may be taken by the worker's first look; the second finds it idle.
      scene.client.enqueue(scene.loop, "first", new Effects.Input(1));
      assertEquals(RunStatus.COMPLETED, scene.client.await("first", Duration.ofSeconds(30))
          .status());
      scene.client.enqueue(scene.loop, "second", new Effects.Input(2));
      assertEquals(RunStatus.COMPLETED, scene.client.await("second", Duration.ofSeconds(30))
          .status());
      w.terminate();
      assertEquals(143, w.exit());
    }
  }
}
