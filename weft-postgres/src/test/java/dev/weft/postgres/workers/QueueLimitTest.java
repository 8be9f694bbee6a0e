package dev.weft.postgres.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.EnqueueOptions;
import dev.weft.RunStatus;
import dev.weft.postgres.PostgresDatabase;
import dev.weft.testing.Effects;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Queue limits across worker JVMs on PostgreSQL, measured where they bite: concurrent effects
 * are counted in a table row every effect increments before and decrements after (exactly, under
 * the row's lock), overall and per process; dispatch instants are read from the leases the
 * claims set.
 */
class QueueLimitTest {
  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  private static final String QUEUE = "limited";

  private static void enqueue(Scene scene, int runs) {
    for (int i = 0; i < runs; i++) {
      scene.client.enqueue(scene.loop, "run-" + i, new Effects.Input(1),
          EnqueueOptions.defaults().withQueue(QUEUE));
    }
  }

  private static void awaitAll(Scene scene, int runs) {
    for (int i = 0; i < runs; i++) {
      assertEquals(RunStatus.COMPLETED, scene.client.await("run-" + i, Duration.ofSeconds(60))
          .status(), "run-" + i);
    }
  }

  @Test
  void theQueuesGlobalAndPerWorkerConcurrencyLimitsAreNeverExceeded() throws Exception {
    int runs = 60;
    try (Scene scene = new Scene(db)) {
      List<WorkerProcess> workers = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        workers.add(scene.worker("concurrency=6", "queue=" + QUEUE, "queueConcurrency=4",
            "perWorker=3", "gauge=true", "workMillis=30", "ttlMillis=10000",
            "pollMillis=100"));
      }
      enqueue(scene, runs);
      awaitAll(scene, runs);
      List<List<String>> gauges = scene.query("SELECT name, now, high FROM " + scene.prefix
          + "_gauge ORDER BY name");
      System.out.println("queue concurrency gauges (name, now, high): " + gauges);
      assertEquals("all", gauges.get(0).get(0));
      int high = Integer.parseInt(gauges.get(0).get(2));
      assertTrue(high <= 4 && high >= 1, "effects at once across workers: " + high);
      for (List<String> g : gauges.subList(1, gauges.size())) {
        assertTrue(Integer.parseInt(g.get(2)) <= 3, "effects at once in one worker: " + g);
        assertEquals("0", g.get(1));
      }
      assertEquals(runs, scene.count("SELECT count(*) FROM " + scene.prefix + "_effects"));
      for (WorkerProcess w : workers) {
        w.terminate();
      }
    }
  }

  @Test
  void theQueuesRateLimitIsNeverExceededInAnyWindowAcrossWorkers() throws Exception {
    int runs = 16;
    int permits = 4;
    long period = 400;
    try (Scene scene = new Scene(db)) {
      List<WorkerProcess> workers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        workers.add(scene.worker("concurrency=8", "queue=" + QUEUE, "rate=" + permits,
            "ratePeriodMillis=" + period, "ttlMillis=60000", "pollMillis=1000"));
      }
      enqueue(scene, runs);
      awaitAll(scene, runs);
      List<Long> dispatched = scene.query("SELECT dispatched FROM " + scene.prefix
          + "_attempts ORDER BY dispatched").stream().map(r -> Long.parseLong(r.get(0)))
          .toList();
      assertEquals(runs, dispatched.size());
      System.out.println("rate-limited dispatch instants (ms after the first): " + dispatched
          .stream().map(d -> d - dispatched.get(0)).toList());
      for (int i = 0; i + permits < dispatched.size(); i++) {
        assertTrue(dispatched.get(i + permits) - dispatched.get(i) >= period,
            "dispatches " + i + " to " + (i + permits) + " within one period: " + dispatched);
      }
      for (WorkerProcess w : workers) {
        w.terminate();
      }
    }
  }
}
