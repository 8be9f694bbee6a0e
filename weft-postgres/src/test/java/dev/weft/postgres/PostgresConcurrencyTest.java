package dev.weft.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.RunInfo;
import dev.weft.RunStatus;
import dev.weft.Weft;
import dev.weft.spi.jdbc.JdbcStore;
import dev.weft.testing.Counter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresConcurrencyTest {
  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  private static final int RUNS = 200;
  private static final int STEPS = 10;

  @Test
  void twoHundredConcurrentRunsAllCompleteThroughGroupCommit() throws Exception {
    try (Weft weft = Weft.open(db.url())) {
      List<Future<RunInfo>> futures = new ArrayList<>();
      try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < RUNS; i++) {
          String id = "run-" + i;
          futures.add(threads.submit(() -> weft.run(new Counter(), id,
              new Counter.Input(STEPS))));
        }
      }
      for (Future<RunInfo> f : futures) {
        RunInfo r = f.get();
        assertEquals(RunStatus.COMPLETED, r.status(), r.runId());
        assertEquals(STEPS, r.result(Integer.class), r.runId());
      }
      for (int i = 0; i < RUNS; i++) {
        assertTrue(weft.inspector().verify("run-" + i).intact(), "run-" + i);
      }
      JdbcStore store = (JdbcStore) weft.store();
      assertEquals(RUNS, store.countRows("weft_runs"));
      long[] counts = store.groupCommitCounts();
      // 200 writers at once: transactions must have carried several operations each.
      assertTrue(counts[0] < counts[1], "transactions " + counts[0] + ", operations "
          + counts[1]);
    }
  }
}
