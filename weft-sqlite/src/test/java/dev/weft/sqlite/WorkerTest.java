package dev.weft.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.EnqueueOptions;
import dev.weft.Loop;
import dev.weft.RunInfo;
import dev.weft.RunStatus;
import dev.weft.Weft;
import dev.weft.Worker;
import dev.weft.WorkerOptions;
import dev.weft.testing.Counter;
import dev.weft.testing.CounterVariant;
import dev.weft.testing.Effects;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workers on one SQLite file, in this JVM: each enqueued run executed once, to its end. */
class WorkerTest {
  @TempDir Path dir;

  private Weft open(Loop<?, ?, ?>... loops) {
    return Weft.builder().url("sqlite:" + dir.resolve("w.db")).register(loops)
        .pollInterval(Duration.ofMillis(20)).build();
  }

  private static WorkerOptions options() {
    return WorkerOptions.defaults().withConcurrency(4).withPoll(Duration.ofMillis(20));
  }

  @Test
  void twoWorkersExecuteEveryEnqueuedRunToItsEndAndEachEffectOnce() {
    Map<String, AtomicInteger> effects = new ConcurrentHashMap<>();
    Effects loop = new Effects((run, step) -> effects.computeIfAbsent(run + "/" + step,
        k -> new AtomicInteger()).incrementAndGet());
    int runs = 60;
    try (Weft client = open(loop);
        Worker a = Worker.start(open(loop), options());
        Worker b = Worker.start(open(loop), options())) {
      for (int i = 0; i < runs; i++) {
        RunInfo r = client.enqueue(loop, "run-" + i, new Effects.Input(3));
        assertEquals(RunStatus.PENDING, r.status());
      }
      for (int i = 0; i < runs; i++) {
        RunInfo r = client.await("run-" + i, Duration.ofSeconds(30));
        assertEquals(RunStatus.COMPLETED, r.status(), r.runId());
        assertTrue(client.inspector().verify(r.runId()).intact());
      }
      assertEquals(runs * 3, effects.size());
      effects.forEach((k, n) -> assertEquals(1, n.get(), k));
      // An execution counts once it has handed its slot back, a moment after its last commit.
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (a.executed() + b.executed() < runs && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertEquals(runs, a.executed() + b.executed());
    }
  }

  /** Counter under another version: its runs are not this worker's to execute. */
  private static final class CounterV2 extends CounterVariant {
    @Override
    public int version() {
      return 2;
    }
  }

  @Test
  void aWorkerTakesOnlyRunsOfTheDefinitionsAndVersionsItRegisteredFromItsQueue() {
    Effects effects = new Effects((run, step) -> step);
    try (Weft client = open(new Counter(), effects)) {
      client.enqueue(new Counter(), "v1", new Counter.Input(2));
      client.enqueue(effects, "unregistered", new Effects.Input(1));
      client.enqueue(new CounterV2(), "other-queue", new Counter.Input(2),
          EnqueueOptions.defaults().withQueue("elsewhere"));
      // Enqueued last, with the lowest priority: taken after the others, had they been taken.
      client.enqueue(new CounterV2(), "v2", new Counter.Input(2),
          EnqueueOptions.defaults().withPriority(-1));
      try (Worker w = Worker.start(open(new CounterV2()), options())) {
        assertEquals(RunStatus.COMPLETED, client.await("v2", Duration.ofSeconds(30)).status());
        List<RunStatus> others = new ArrayList<>();
        for (String id : List.of("v1", "unregistered", "other-queue")) {
          others.add(client.get(id).status());
        }
        assertEquals(List.of(RunStatus.PENDING, RunStatus.PENDING, RunStatus.PENDING), others);
        assertEquals(1, w.executed());
      }
    }
  }

  @Test
  void aSecondEnqueueWithTheSameDedupIdReturnsTheFirstRun() {
    Counter counter = new Counter();
    try (Weft client = open(counter)) {
      EnqueueOptions once = EnqueueOptions.defaults().withDedupId("invoice-42");
      RunInfo first = client.enqueue(counter, "first", new Counter.Input(1), once);
      RunInfo second = client.enqueue(counter, "second", new Counter.Input(1), once);
      assertEquals("first", second.runId());
      assertTrue(client.store().find("second").isEmpty());
      assertEquals(first.runId(), second.runId());
    }
  }
}
