package dev.weft.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.EnqueueOptions;
import dev.weft.Queue;
import dev.weft.RunStatus;
import dev.weft.Weft;
import dev.weft.Worker;
import dev.weft.WorkerOptions;
import dev.weft.testing.Effects;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queue limits on one SQLite file with two workers in this JVM, measured in the effects:
 * counters of effects under way (overall and per worker, told apart by the worker's thread
 * names), and the dispatch instant of each execution, read from the lease its claim set.
 */
class QueueLimitTest {
  private static final long TTL = 60_000;

  @TempDir Path dir;

  private final AtomicInteger now = new AtomicInteger();
  private final AtomicInteger high = new AtomicInteger();
  private final Map<String, AtomicInteger[]> perWorker = new ConcurrentHashMap<>();
  private final List<Long> dispatched = Collections.synchronizedList(new ArrayList<>());
  private final AtomicReference<Weft> reader = new AtomicReference<>();

  private final Effects loop = new Effects((run, step) -> {
    dispatched.add(reader.get().store().find(run).orElseThrow().lease().untilMillis() - TTL);
    String name = Thread.currentThread().getName();
    String worker = name.substring(0, name.lastIndexOf('-'));
    AtomicInteger[] mine = perWorker.computeIfAbsent(worker,
        k -> new AtomicInteger[] {new AtomicInteger(), new AtomicInteger()});
    high.accumulateAndGet(now.incrementAndGet(), Math::max);
    mine[1].accumulateAndGet(mine[0].incrementAndGet(), Math::max);
    try {
      Thread.sleep(15); // the work
    } finally {
      mine[0].decrementAndGet();
      now.decrementAndGet();
    }
    return 0;
  });

  private Weft open() {
    return Weft.builder().url("sqlite:" + dir.resolve("q.db")).register(loop)
        .leaseTtl(Duration.ofMillis(TTL)).build();
  }

  private void runAll(Queue queue, int runs) {
    try (Weft client = open();
        Worker a = Worker.start(open(), options(queue));
        Worker b = Worker.start(open(), options(queue))) {
      reader.set(client);
      for (int i = 0; i < runs; i++) {
        client.enqueue(loop, "run-" + i, new Effects.Input(1),
            EnqueueOptions.defaults().withQueue(queue.name()));
      }
      for (int i = 0; i < runs; i++) {
        assertEquals(RunStatus.COMPLETED, client.await("run-" + i, Duration.ofSeconds(60))
            .status());
      }
      // An execution counts once it has handed its slot back, a moment after its last commit.
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (a.executed() + b.executed() < runs && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertEquals(runs, a.executed() + b.executed());
    }
  }

  private static WorkerOptions options(Queue queue) {
    return WorkerOptions.defaults().withConcurrency(6).withQueue(queue)
        .withPoll(Duration.ofMillis(50));
  }

  @Test
  void theQueuesGlobalAndPerWorkerConcurrencyLimitsAreNeverExceeded() {
    runAll(Queue.named("limited").concurrency(3).perWorker(2), 40);
    assertTrue(high.get() <= 3 && high.get() >= 1, "effects at once: " + high);
    assertEquals(2, perWorker.size(), "both workers executed runs: " + perWorker.keySet());
    perWorker.forEach((w, c) -> assertTrue(c[1].get() <= 2, w + " at once: " + c[1]));
    assertEquals(40, dispatched.size());
  }

  @Test
  void theQueuesRateLimitIsNeverExceededInAnyWindow() {
    int permits = 3;
    long period = 300;
    runAll(Queue.named("rated").rate(permits, Duration.ofMillis(period)), 12);
    List<Long> d = new ArrayList<>(dispatched);
    Collections.sort(d);
    assertEquals(12, d.size());
    for (int i = 0; i + permits < d.size(); i++) {
      assertTrue(d.get(i + permits) - d.get(i) >= period, "dispatches " + i + " to "
          + (i + permits) + " within one period: " + d);
    }
  }
}
