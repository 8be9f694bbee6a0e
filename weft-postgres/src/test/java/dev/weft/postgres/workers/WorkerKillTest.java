package dev.weft.postgres.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.postgres.PostgresDatabase;
import dev.weft.spi.AttemptRecord;
import dev.weft.testing.Effects;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/*
 * Method: three worker JVMs (WorkerChild) share one PostgreSQL database and execute 2,000
 * enqueued runs of a three-step loop whose every step makes one call to an idempotent tool.
 * The tool logs each attempt (run, step, pid) and inserts the effect under its unique key
 * (run, step). While the runs execute, the test kills a random worker with SIGKILL every 0.2 to
 * 0.7 s and starts a new one, eight times. Leases last 2 s, so a dead worker's runs are stuck for
 * at most that long before a live worker reclaims them.
 *
 * Then: every run completed with one result per step; every effect exists exactly once; a step's
 * tool ran more than once only where earlier attempts belonged to killed workers (an in-doubt
 * call re-executed by the next holder), never twice by workers that lived; the result each run
 * recorded is that of the step's last attempt; nothing is left held; the journals verify.
 */
class WorkerKillTest {
  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  private static final long SEED = Long.getLong("weft.workers.seed", System.nanoTime());
  private static final int RUNS = 2000;
  private static final int STEPS = 3;
  private static final int KILLS = 8;

  @Test
  void threeWorkersKilledAtRandomCompleteEveryRunWithEachEffectOnce() throws Exception {
    System.out.println("worker kill test seed " + SEED + " (rerun with -Dweft.workers.seed="
        + SEED + ")");
    Random random = new Random(SEED);
    long started = System.nanoTime();
    try (Scene scene = new Scene(db)) {
      String[] args = {"concurrency=16", "ttlMillis=2000", "pollMillis=200", "workMillis=5"};
      List<WorkerProcess> live = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        live.add(scene.worker(args));
      }
      enqueue(scene);
      Set<Long> killed = new HashSet<>();
      while (killed.size() < KILLS && completed(scene) < RUNS) {
        Thread.sleep(200 + random.nextInt(500)); // the random kill instant
        int i = random.nextInt(live.size());
        WorkerProcess victim = live.get(i);
        assertEquals(137, victim.kill(), "exit status of a SIGKILLed worker");
        killed.add(victim.pid());
        Thread.sleep(random.nextInt(300)); // a random pause before the replacement starts
        live.set(i, scene.worker(args));
      }
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (completed(scene) < RUNS && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      for (WorkerProcess w : live) {
        w.terminate();
      }
      for (WorkerProcess w : live) {
        assertEquals(143, w.exit(), "exit status after SIGTERM:\n" + w.output());
      }
      System.out.printf("worker kill test: %d runs x %d steps, %d kills, %.1f s%n", RUNS, STEPS,
          killed.size(), (System.nanoTime() - started) / 1e9);
      assertEquals(RUNS, completed(scene), "runs completed");
      assertTrue(killed.size() >= 4, "kills while runs executed: " + killed.size());
      assertEquals(0, scene.count("SELECT count(*) FROM " + scene.runs()
          + " WHERE lease_owner IS NOT NULL"), "runs left held");
      assertEffectsOnce(scene, killed);
      assertTrue(scene.count("SELECT count(DISTINCT run) FROM " + scene.runs().replace(
          "weft_runs", "weft_attempts") + " WHERE outcome = "
          + AttemptRecord.Outcome.INTERRUPTED.code()) > 0,
          "some runs were taken over from killed workers mid-step");
      for (int i = 0; i < RUNS; i += 20) {
        assertTrue(scene.client.inspector().verify("run-" + i).intact(), "run-" + i);
      }
    }
  }

  private static void enqueue(Scene scene) throws Exception {
    List<Future<?>> done = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < RUNS; i++) {
        String id = "run-" + i;
        done.add(threads.submit(() -> scene.client.enqueue(scene.loop, id,
            new Effects.Input(STEPS))));
      }
    }
    for (Future<?> f : done) {
      f.get();
    }
  }

  private static long completed(Scene scene) {
    return scene.count("SELECT count(*) FROM " + scene.runs() + " WHERE status = 'COMPLETED'");
  }

  private static void assertEffectsOnce(Scene scene, Set<Long> killed) {
    assertEquals((long) RUNS * STEPS, scene.count("SELECT count(*) FROM " + scene.prefix
        + "_effects"), "effects (one per run and step at most, by their key)");
    // Attempts of each step, in the order they were logged.
    Map<String, List<Long>> attempts = new HashMap<>();
    for (List<String> row : scene.query("SELECT run, step, pid FROM " + scene.prefix
        + "_attempts ORDER BY id")) {
      attempts.computeIfAbsent(row.get(0) + "/" + row.get(1), k -> new ArrayList<>())
          .add(Long.parseLong(row.get(2)));
    }
    assertEquals((long) RUNS * STEPS, attempts.size());
    int repeated = 0;
    for (var e : attempts.entrySet()) {
      List<Long> pids = e.getValue();
      long byLiving = pids.stream().filter(p -> !killed.contains(p)).count();
      assertTrue(byLiving <= 1, e.getKey() + " executed by two workers that lived: " + pids);
      for (int i = 0; i < pids.size() - 1; i++) {
        assertTrue(killed.contains(pids.get(i)), e.getKey() + " executed again although its"
            + " earlier executor " + pids.get(i) + " was not killed: " + pids);
      }
      repeated += pids.size() > 1 ? 1 : 0;
    }
    // The result each step recorded is the pid of its last attempt.
    for (List<String> row : scene.query("SELECT run_id, convert_from(result_data, 'UTF8') FROM "
        + scene.runs())) {
      String[] pids = row.get(1).replaceAll("[\\[\\] ]", "").split(",");
      assertEquals(STEPS, pids.length, row.get(0) + " result " + row.get(1));
      for (int s = 0; s < STEPS; s++) {
        List<Long> tried = attempts.get(row.get(0) + "/" + s);
        assertEquals(tried.get(tried.size() - 1), Long.parseLong(pids[s]),
            row.get(0) + " step " + s + " recorded the result of " + pids[s] + ", attempts "
                + tried);
      }
    }
    System.out.println("worker kill test: " + repeated + " steps re-executed after a kill");
  }
}
