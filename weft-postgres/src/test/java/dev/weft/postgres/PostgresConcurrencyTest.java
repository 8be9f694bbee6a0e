package dev.weft.postgres;

import static dev.weft.spi.StoreFixtures.T0;
import static dev.weft.spi.StoreFixtures.attempt;
import static dev.weft.spi.StoreFixtures.commit;
import static dev.weft.spi.StoreFixtures.newRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.RunInfo;
import dev.weft.RunStatus;
import dev.weft.StoreException;
import dev.weft.Weft;
import dev.weft.spi.AttemptRecord.Outcome;
import dev.weft.spi.Commit;
import dev.weft.spi.JournalRecord;
import dev.weft.spi.RunRecord;
import dev.weft.spi.StoreOptions;
import dev.weft.spi.jdbc.JdbcStore;
import dev.weft.testing.Counter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
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
      // 200 writers at once: transactions must have carried several operations each, their
      // step commits sent as JDBC batches.
      assertTrue(counts[0] < counts[1], "transactions " + counts[0] + ", operations "
          + counts[1]);
      assertTrue(counts[2] > 0, "no transaction sent its commits as batches");
    }
  }

  @Test
  void aRefusedOperationInASharedTransactionLeavesTheOthersCommitted() throws Exception {
    int runs = 100;
    int steps = 5;
    try (JdbcStore store = (JdbcStore) new PostgresStoreProvider().open(db.newSchema(),
        StoreOptions.defaults())) {
      List<Future<?>> results = new ArrayList<>();
      try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < runs; i++) {
          String id = "run-" + i;
          boolean alsoRepeat = i % 5 == 0;
          results.add(threads.submit(() -> {
            store.create(newRun(id, "def", T0, "w", T0 + 60_000));
            for (int s = 0; s < steps; s++) {
              store.commit(commit(store.find(id).orElseThrow())
                  .step(T0 + s + 1, "{\"n\":" + s + "}")
                  .attempt(attempt(s, 1, Outcome.SUCCEEDED)).build());
              if (alsoRepeat) {
                // Recording attempt 1 again breaks the primary key: an SQL error, which aborts
                // a PostgreSQL transaction unless its savepoint is rolled back.
                Commit repeat = commit(store.find(id).orElseThrow())
                    .attempt(attempt(s, 1, Outcome.SUCCEEDED)).build();
                assertThrows(StoreException.class, () -> store.commit(repeat));
              }
            }
            return null;
          }));
        }
      }
      for (Future<?> f : results) {
        f.get();
      }
      List<Long> seqs = LongStream.rangeClosed(1, steps + 1).boxed().toList();
      for (int i = 0; i < runs; i++) {
        RunRecord run = store.find("run-" + i).orElseThrow();
        assertEquals(seqs, store.journal(run.key(), 0, 100).stream()
            .map(JournalRecord::seq).toList(), run.runId());
        assertEquals(steps, store.attempts(run.key(), 0, 100).size(), run.runId());
      }
      long[] counts = store.groupCommitCounts();
      assertTrue(counts[0] < counts[1], "transactions " + counts[0] + ", operations "
          + counts[1]);
    }
  }
}
