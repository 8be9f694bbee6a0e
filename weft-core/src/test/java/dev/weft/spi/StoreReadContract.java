package dev.weft.spi;

import static dev.weft.spi.StoreFixtures.T0;
import static dev.weft.spi.StoreFixtures.attempt;
import static dev.weft.spi.StoreFixtures.commit;
import static dev.weft.spi.StoreFixtures.doneCall;
import static dev.weft.spi.StoreFixtures.newRun;
import static dev.weft.spi.StoreFixtures.pendingCall;
import static dev.weft.spi.StoreFixtures.show;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.RunStatus;
import dev.weft.StoreException;
import dev.weft.spi.AttemptRecord.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The store contract's reads (paging, ordering, summaries, blobs, listing), the rows a commit
 * stores besides the journal, and concurrent commits. Part of {@link StoreContract}.
 */
public abstract class StoreReadContract extends StoreSignalContract {
  @Test
  void theJournalIsReadInPagesAfterAGivenPosition() {
    RunRecord r = held("r1", "A");
    StoreFixtures.CommitBuilder c = commit(r);
    for (int i = 1; i <= 9; i++) {
      c.step(T0 + i, "{\"n\":" + i + "}");
    }
    store.commit(c.build());
    assertEquals(List.of(1L, 2L, 3L), seqs(store.journal(r.key(), 0, 3)));
    assertEquals(List.of(4L, 5L, 6L), seqs(store.journal(r.key(), 3, 3)));
    assertEquals(List.of(10L), seqs(store.journal(r.key(), 9, 5)));
    assertEquals(List.of(), seqs(store.journal(r.key(), 10, 5)));
    assertEquals(LongStream.rangeClosed(1, 10).boxed().toList(),
        seqs(store.journal(r.key(), 0, 1000)));
  }

  @Test
  void anEntryWithAnEmptyPayloadReadsBackEmpty() {
    RunRecord r = held("r1", "A");
    store.commit(commit(r).entry(EntryKind.RUN_RESUMED, 0, T0 + 1, "").build());
    assertEquals("''", show(store.journal(r.key(), 1, 1).get(0).payload()));
  }

  @Test
  void attemptsAreStoredAndReadInStepThenAttemptOrder() {
    RunRecord r = held("r1", "A");
    store.commit(commit(r).attempt(attempt(1, 1, Outcome.FAILED))
        .attempt(attempt(0, 2, Outcome.SUCCEEDED)).build());
    store.commit(commit(reload(r)).attempt(attempt(0, 1, Outcome.FAILED))
        .attempt(attempt(2, 1, Outcome.INTERRUPTED)).attempt(attempt(1, 2, Outcome.SUCCEEDED))
        .build());
    List<AttemptRecord> all = List.of(attempt(0, 1, Outcome.FAILED),
        attempt(0, 2, Outcome.SUCCEEDED), attempt(1, 1, Outcome.FAILED),
        attempt(1, 2, Outcome.SUCCEEDED), attempt(2, 1, Outcome.INTERRUPTED));
    assertEquals(all, store.attempts(r.key(), 0, 100));
    assertEquals(all.subList(2, 4), store.attempts(r.key(), 2, 2));
    assertEquals(all.subList(4, 5), store.attempts(r.key(), 4, 10));
    assertEquals(List.of(), store.attempts(r.key(), 5, 10));
  }

  @Test
  void aCommitThatRepeatsARecordedAttemptIsRefusedAndWritesNothing() {
    RunRecord r = held("r1", "A");
    store.commit(commit(r).attempt(attempt(0, 1, Outcome.FAILED)).build());
    Snapshot before = snapshot(r);
    Commit again = commit(reload(r)).step(T0 + 1, "{\"n\":1}")
        .attempt(attempt(0, 2, Outcome.SUCCEEDED)).attempt(attempt(0, 1, Outcome.SUCCEEDED))
        .build();
    assertThrows(StoreException.class, () -> store.commit(again));
    assertEquals(before, snapshot(r));
  }

  @Test
  void theAttemptSummaryGivesTheLastAttemptAndTheFailuresOfAStep() {
    RunRecord r = held("r1", "A");
    store.commit(commit(r).attempt(attempt(0, 1, Outcome.FAILED))
        .attempt(attempt(0, 2, Outcome.INTERRUPTED)).attempt(attempt(0, 3, Outcome.FAILED))
        .attempt(attempt(0, 4, Outcome.SUCCEEDED)).attempt(attempt(1, 1, Outcome.SUCCEEDED))
        .build());
    assertEquals(new Store.AttemptSummary(4, 2), store.attemptSummary(r.key(), 0));
    assertEquals(new Store.AttemptSummary(1, 0), store.attemptSummary(r.key(), 1));
    assertEquals(new Store.AttemptSummary(0, 0), store.attemptSummary(r.key(), 2));
  }

  @Test
  void toolCallsAreReadInIntentOrderAndUpsertedByKey() {
    RunRecord r = held("r1", "A");
    ToolCallRow c = pendingCall("c", 0, 5);
    ToolCallRow a = pendingCall("a", 0, 2);
    ToolCallRow b = pendingCall("b", 0, 9);
    ToolCallRow d = pendingCall("d", 1, 3);
    store.commit(commit(r).toolCall(c).toolCall(a).toolCall(b).toolCall(d).build());
    assertEquals(List.of(a, d, c, b), store.toolCalls(r.key(), 0, 10));
    assertEquals(List.of(d, c), store.toolCalls(r.key(), 1, 2));
    assertEquals(List.of(a, c, b), store.toolCallsOfStep(r.key(), 0));
    ToolCallRow aDone = doneCall("a", 0, 2, 11);
    ToolCallRow aAgain = pendingCall("a", 2, 12);
    store.commit(commit(reload(r)).toolCall(aDone).build());
    assertEquals(aDone, store.toolCall(r.key(), "a").orElseThrow());
    assertEquals(List.of(aDone, d, c, b), store.toolCalls(r.key(), 0, 10));
    store.commit(commit(reload(r)).toolCall(aAgain).build());
    assertEquals(List.of(d, c, b, aAgain), store.toolCalls(r.key(), 0, 10));
    assertEquals(List.of(c, b), store.toolCallsOfStep(r.key(), 0));
    assertEquals(List.of(aAgain), store.toolCallsOfStep(r.key(), 2));
    assertEquals(d, store.toolCall(r.key(), "d").orElseThrow());
    assertTrue(store.toolCall(r.key(), "zz").isEmpty());
  }

  @Test
  void blobsRoundTripLargeAndBinaryPayloadsLosslessly() {
    RunRecord r = held("r1", "A");
    byte[] large = new byte[3 * 1024 * 1024];
    new Random(42).nextBytes(large);
    byte[] binary = new byte[512];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    Blob state = StoreFixtures.blob(binary);
    Commit c = commit(r).blobEntry(EntryKind.STEP_COMMITTED, 0, T0 + 1, large).steps(1)
        .state(new Payload.BlobRef(state.hash(), binary.length)).blob(state).build();
    store.commit(c);
    JournalRecord entry = store.journal(r.key(), 1, 1).get(0);
    assertEquals(show(c.entries().get(0)), show(entry));
    Payload.BlobRef ref = (Payload.BlobRef) entry.payload();
    assertArrayEquals(large, store.blob(ref.hash()).orElseThrow());
    assertEquals("blob:" + state.hash() + "/512", show(reload(r).progress().state()));
    assertArrayEquals(binary, store.blob(state.hash()).orElseThrow());
    assertTrue(store.blob("0".repeat(64)).isEmpty());
  }

  @Test
  void aBlobThatIsAlreadyStoredIsStoredOnceAndMayBeCommittedAgain() {
    byte[] bytes = "the same content".getBytes(StandardCharsets.UTF_8);
    RunRecord r1 = held("r1", "A");
    RunRecord r2 = held("r2", "A");
    store.commit(commit(r1).blobEntry(EntryKind.TOOL_RESULT, 0, T0 + 1, bytes).build());
    store.commit(commit(r2).blobEntry(EntryKind.TOOL_RESULT, 0, T0 + 1, bytes)
        .blob(StoreFixtures.blob(bytes)).build());
    store.commit(commit(reload(r1)).blobEntry(EntryKind.TOOL_RESULT, 0, T0 + 2, bytes).build());
    assertArrayEquals(bytes, store.blob(StoreFixtures.blob(bytes).hash()).orElseThrow());
    assertEquals(3, store.journal(reload(r1).key(), 0, 10).size());
  }

  @Test
  void listFiltersByStatusAndDefinitionNewestFirstInPages() {
    RunRecord a = createdAt("a", "x", T0 + 1);
    RunRecord b = createdAt("b", "y", T0 + 2);
    RunRecord c = createdAt("c", "x", T0 + 3);
    RunRecord d = createdAt("d", "x", T0 + 3);
    RunRecord e = createdAt("e", "y", T0 + 4);
    for (RunRecord done : List.of(c, e)) {
      store.commit(commit(done).status(RunStatus.COMPLETED).build());
    }
    assertEquals(List.of("e", "d", "c", "b", "a"), ids(RunQuery.all()));
    assertEquals(List.of("e", "c"), ids(RunQuery.all().withStatus(RunStatus.COMPLETED)));
    assertEquals(List.of("d", "c", "a"), ids(RunQuery.all().withDefinition("x")));
    assertEquals(List.of("c"), ids(RunQuery.all().withDefinition("x")
        .withStatus(RunStatus.COMPLETED)));
    assertEquals(List.of("d", "b"), ids(RunQuery.all().withStatus(RunStatus.RUNNING).page(0, 2)));
    assertEquals(List.of("d", "c"), ids(RunQuery.all().page(1, 2)));
    assertEquals(List.of("a"), ids(RunQuery.all().page(4, 2)));
    assertEquals(List.of(), ids(RunQuery.all().page(5, 2)));
    assertEquals(List.of(), ids(RunQuery.all().withDefinition("z")));
    assertEquals(show(a), show(store.list(RunQuery.all().page(4, 1)).get(0)));
    assertEquals(show(b), show(store.list(RunQuery.all().page(3, 1)).get(0)));
  }

  @Test
  void statsCountAttemptsAndToolCallsByOutcome() {
    RunRecord r = held("r1", "A");
    store.commit(commit(r).attempt(attempt(0, 1, Outcome.FAILED))
        .attempt(attempt(0, 2, Outcome.INTERRUPTED)).attempt(attempt(0, 3, Outcome.FAILED))
        .attempt(attempt(0, 4, Outcome.SUCCEEDED)).toolCall(pendingCall("p", 0, 2))
        .toolCall(doneCall("d", 0, 3, 4)).toolCall(new ToolCallRow("f", "t", 0,
            ToolCallRow.Status.FAILED, 5, 6L, T0, T0 + 1))
        .build());
    held("other", "A");
    assertEquals(new Store.RunStats(4, 2, 1, 3, 1, 1), store.stats(r.key()));
    assertEquals(new Store.RunStats(0, 0, 0, 0, 0, 0),
        store.stats(store.find("other").orElseThrow().key()));
  }

  @Test
  void readsOfAnUnknownRunFindNothing() {
    held("r1", "A");
    long unknown = 987_654;
    assertTrue(store.find("nope").isEmpty());
    assertEquals(List.of(), store.journal(unknown, 0, 10));
    assertEquals(List.of(), store.attempts(unknown, 0, 10));
    assertEquals(new Store.AttemptSummary(0, 0), store.attemptSummary(unknown, 0));
    assertEquals(List.of(), store.toolCalls(unknown, 0, 10));
    assertEquals(List.of(), store.toolCallsOfStep(unknown, 0));
    assertTrue(store.toolCall(unknown, "k").isEmpty());
    assertEquals(new Store.RunStats(0, 0, 0, 0, 0, 0), store.stats(unknown));
  }

  @Test
  void flushSucceedsAndTheStoreDescribesItself() {
    RunRecord r = held("r1", "A");
    store.commit(commit(r).step(T0 + 1, "{}").build());
    store.flush();
    store.commit(commit(reload(r)).step(T0 + 2, "{}").buildFlushed());
    store.flush();
    assertFalse(store.describe().isBlank());
    assertEquals(2, reload(r).progress().steps());
  }

  /**
   * Among many concurrent commits (sent together as one batch where the store batches them),
   * commits built on an old journal length or carrying an old epoch are each refused with
   * their own reason, and nothing of theirs is written.
   */
  @Test
  void aFencedOutCommitAmongConcurrentOnesIsRefusedAloneWithItsOwnReason() throws Exception {
    int runs = 120;
    int steps = 6;
    List<Future<?>> results = new ArrayList<>();
    try (ExecutorService threads = Executors.newThreadPerTaskExecutor(
        Thread.ofVirtual().name("committer-", 0).factory())) {
      for (int i = 0; i < runs; i++) {
        String id = "run-" + i;
        int kind = i % 4;
        results.add(threads.submit(() -> {
          store.create(newRun(id, "def", T0, "w", T0 + 60_000));
          for (int s = 0; s < steps; s++) {
            RunRecord before = store.find(id).orElseThrow();
            store.commit(commit(before).step(T0 + s + 1, "{\"n\":" + s + "}")
                .attempt(attempt(s, 1, Outcome.SUCCEEDED)).build());
            if (kind == 1) {
              // Built on the record read before the last commit: its journal length is old.
              Commit late = commit(before).step(T0 + s + 1, "{\"late\":" + s + "}").build();
              StaleCommitException e = assertThrows(StaleCommitException.class,
                  () -> store.commit(late));
              assertFalse(e.leaseLost(), e.getMessage());
            } else if (kind == 2) {
              Commit fenced = commit(store.find(id).orElseThrow()).epoch(7)
                  .step(T0 + s + 1, "{\"fenced\":" + s + "}").build();
              StaleCommitException e = assertThrows(StaleCommitException.class,
                  () -> store.commit(fenced));
              assertTrue(e.leaseLost(), e.getMessage());
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
      List<JournalRecord> journal = store.journal(run.key(), 0, 100);
      assertEquals(seqs, journal.stream().map(JournalRecord::seq).toList(), run.runId());
      assertEquals(steps, run.progress().steps(), run.runId());
      assertEquals(steps, store.attempts(run.key(), 0, 100).size(), run.runId());
    }
  }


  /**
   * Many runs, each on its own virtual thread, commit at the same time (with a refused commit
   * among them); on SQLite this shares transactions through group commit. Every commit that
   * should succeed does, and every journal is complete and in order.
   */
  @Test
  void manyRunsCommittingConcurrentlyAllSucceedWithCompleteOrderedJournals() throws Exception {
    int runs = 200;
    int steps = 5;
    List<Future<?>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newThreadPerTaskExecutor(
        Thread.ofVirtual().name("committer-", 0).factory())) {
      for (int i = 0; i < runs; i++) {
        String id = "run-" + i;
        boolean alsoStale = i % 10 == 0;
        results.add(pool.submit(() -> {
          store.create(newRun(id, "def", T0, "w", T0 + LEASE));
          for (int s = 0; s < steps; s++) {
            RunRecord run = store.find(id).orElseThrow();
            if (alsoStale && s == 2) {
              Commit stale = commit(run).epoch(0).step(T0 + 99, "{}").build();
              assertThrows(StaleCommitException.class, () -> store.commit(stale));
            }
            StoreFixtures.CommitBuilder c = commit(run).step(T0 + s + 1, "{\"n\":" + s + "}")
                .attempt(attempt(s, 1, Outcome.SUCCEEDED));
            store.commit(s % 2 == 0 ? c.build() : c.buildFlushed());
          }
          return null;
        }));
      }
      for (Future<?> f : results) {
        f.get();
      }
    }
    List<Long> expectedSeqs = LongStream.rangeClosed(1, steps + 1).boxed().toList();
    for (int i = 0; i < runs; i++) {
      RunRecord run = store.find("run-" + i).orElseThrow();
      List<JournalRecord> journal = store.journal(run.key(), 0, 100);
      assertEquals(expectedSeqs, seqs(journal), run.runId());
      assertEquals(List.of(0L, 0L, 1L, 2L, 3L, 4L),
          journal.stream().map(JournalRecord::step).toList(), run.runId());
      assertEquals(steps, run.progress().steps());
      assertEquals(steps + 1, run.chain().count());
      assertArrayEquals(journal.get(steps).hash(),
          Arrays.copyOf(run.chain().hash(), journal.get(steps).hash().length));
      assertEquals(steps, store.attempts(run.key(), 0, 100).size());
    }
    assertEquals(runs, store.list(RunQuery.all().page(0, 1000)).size());
  }

  private RunRecord createdAt(String id, String definition, long createdMillis) {
    return store.create(newRun(id, definition, createdMillis, "A", createdMillis + LEASE)).run();
  }

  private List<String> ids(RunQuery query) {
    return store.list(query).stream().map(RunRecord::runId).toList();
  }

  private static List<Long> seqs(List<JournalRecord> entries) {
    return entries.stream().map(JournalRecord::seq).toList();
  }
}
