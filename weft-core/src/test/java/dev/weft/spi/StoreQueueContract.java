package dev.weft.spi;

import static dev.weft.spi.StoreFixtures.T0;
import static dev.weft.spi.StoreFixtures.commit;
import static dev.weft.spi.StoreFixtures.newRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.RunStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The store contract for queues and workers: {@link Store#enqueue} and {@link
 * Store#claimRunnable}. Backends that support workers extend it beside {@link StoreContract}.
 */
public abstract class StoreQueueContract extends StoreContractBase {
  private static final Map<String, Integer> DEF = Map.of("def", 1);

  private Store.Created enqueue(String runId, String queue, int priority, String dedup) {
    return store.enqueue(newRun(runId), new Enqueue(queue, priority, dedup));
  }

  private Store.Created enqueue(String runId) {
    return enqueue(runId, "q", 0, null);
  }

  private Dispatch.Result claim(String owner, long now, Dispatch.Limits q, int limit) {
    return claim(owner, now, q, limit, DEF);
  }

  private Dispatch.Result claim(String owner, long now, Dispatch.Limits q, int limit,
      Map<String, Integer> defs) {
    return store.claimRunnable(new Dispatch(owner, now, now + LEASE, defs, q, limit));
  }

  private static List<String> ids(Dispatch.Result r) {
    return r.granted().stream().map(g -> g.run().runId()).toList();
  }

  private static final Dispatch.Limits Q = Dispatch.Limits.none("q");

  @Test
  void anEnqueuedRunIsPendingUnheldAndClaimableFromItsCreationTime() {
    Store.Created c = enqueue("r1");
    assertTrue(c.created());
    RunRecord r = reload(c.run());
    assertEquals(RunStatus.PENDING, r.status());
    assertFalse(r.lease().isHeld());
    assertEquals(List.of(), ids(claim("w1", T0 - 1, Q, 10)));
    Dispatch.Result got = claim("w1", T0, Q, 10);
    assertEquals(List.of("r1"), ids(got));
    Claim.Granted g = got.granted().get(0);
    assertEquals(new LeaseState("w1", 1, T0 + LEASE), g.run().lease());
    assertEquals(null, g.previousOwner());
    assertEquals(g.run().lease(), reload(r).lease());
    assertEquals(0, got.rateLimitedUntil());
  }

  @Test
  void enqueueingAnExistingRunIdReturnsTheExistingRunUntouched() {
    RunRecord first = enqueue("r1").run();
    Store.Created again = enqueue("r1", "other", 5, null);
    assertFalse(again.created());
    assertEquals(first.key(), again.run().key());
    assertEquals(List.of(), ids(claim("w", T0, Dispatch.Limits.none("other"), 10)));
  }

  @Test
  void aHeldRunIsClaimedByNobodyElseUntilItsLeaseExpiresThenByTheNextWithAHigherEpoch() {
    enqueue("r1");
    assertEquals(List.of("r1"), ids(claim("w1", T0, Q, 10)));
    assertEquals(List.of(), ids(claim("w2", T0 + LEASE - 1, Q, 10)));
    Dispatch.Result taken = claim("w2", T0 + LEASE, Q, 10);
    assertEquals(List.of("r1"), ids(taken));
    assertEquals("w1", taken.granted().get(0).previousOwner());
    assertEquals(2, taken.granted().get(0).run().lease().epoch());
  }

  @Test
  void onlyRunsOfTheRegisteredDefinitionsAtTheirVersionsAreClaimed() {
    enqueue("r1");
    assertEquals(List.of(), ids(claim("w", T0, Q, 10, Map.of("def", 2))));
    assertEquals(List.of(), ids(claim("w", T0, Q, 10, Map.of("other", 1))));
    assertEquals(List.of(), ids(claim("w", T0, Q, 10, Map.of())));
    assertEquals(List.of("r1"), ids(claim("w", T0, Q, 10, Map.of("other", 1, "def", 1))));
  }

  @Test
  void aWorkerClaimsOnlyFromItsQueueAndRunsStartedOutsideQueuesBelongToTheDefaultOne() {
    enqueue("in-a", "a", 0, null);
    enqueue("in-default", Dispatch.DEFAULT_QUEUE, 0, null);
    // Started by a caller, not enqueued: created RUNNING under the caller's lease.
    RunRecord direct = store.create(newRun("direct", "def", T0, "gone", T0 + LEASE)).run();
    assertEquals(List.of("in-a"), ids(claim("w", T0, Dispatch.Limits.none("a"), 10)));
    Dispatch.Limits def = Dispatch.Limits.none(Dispatch.DEFAULT_QUEUE);
    assertEquals(List.of("in-default"), ids(claim("w", T0, def, 10)));
    // The caller's lease expires with the RUNNING run: a default-queue worker takes it over.
    assertEquals(List.of("direct"), ids(claim("w2", T0 + LEASE, def, 1)));
    assertEquals(RunStatus.RUNNING, reload(direct).status());
  }

  @Test
  void dueWaitingAndPausedRunsAreRunnableButNotThoseWaitingForLaterOrForASignal() {
    RunRecord soon = held("soon", "x");
    store.commit(commit(soon).step(T0 + 1, "{}").status(RunStatus.WAITING)
        .waiting("{}", Waiting.dueAt(T0 + 10)).release().build());
    RunRecord paused = held("paused", "x");
    store.commit(commit(paused).status(RunStatus.PAUSED).waiting("{}", Waiting.dueAt(T0 + 5))
        .release().build());
    RunRecord operator = held("operator", "x");
    store.commit(commit(operator).status(RunStatus.PAUSED).release().build());
    RunRecord signal = held("signal", "x");
    store.commit(commit(signal).step(T0 + 1, "{}").waitingFor("go").release().build());
    RunRecord done = held("done", "x");
    store.commit(commit(done).status(RunStatus.COMPLETED).release().build());
    Dispatch.Limits def = Dispatch.Limits.none(Dispatch.DEFAULT_QUEUE);
    assertEquals(List.of(), ids(claim("w", T0 + 4, def, 10)));
    assertEquals(List.of("paused"), ids(claim("w", T0 + 5, def, 10)));
    assertEquals(List.of("soon"), ids(claim("w", T0 + 100, def, 10)));
    store.signal(new NewSignal("signal", "go", StoreFixtures.json("1"), List.of(), T0 + 200,
        false));
    assertEquals(List.of("signal"), ids(claim("w", T0 + 200, def, 10)));
    assertEquals(List.of(), ids(claim("w", T0 + 1000, def, 10)),
        "paused by an operator, finished, or held by w");
  }

  @Test
  void higherPriorityRunsAreClaimedFirstThenOlderOnesAndNoMoreThanTheLimit() {
    store.enqueue(newRun("low", "def", T0, null, 0), new Enqueue("q", 0, null));
    store.enqueue(newRun("high", "def", T0 + 2, null, 0), new Enqueue("q", 9, null));
    store.enqueue(newRun("older", "def", T0 - 5, null, 0), new Enqueue("q", 0, null));
    store.enqueue(newRun("mid", "def", T0 + 1, null, 0), new Enqueue("q", 3, null));
    assertEquals(List.of("high", "mid"), ids(claim("w", T0 + 2, Q, 2)));
    assertEquals(List.of("older", "low"), ids(claim("w", T0 + 2, Q, 5)));
  }

  @Test
  void aSecondEnqueueWithTheSameDedupIdReturnsTheUnfinishedRunAndANewOneOnceItFinished() {
    RunRecord first = enqueue("r1", "q", 0, "order-7").run();
    Store.Created second = enqueue("r2", "q", 0, "order-7");
    assertFalse(second.created());
    assertEquals("r1", second.run().runId());
    assertTrue(store.find("r2").isEmpty());
    assertTrue(enqueue("r3", "other", 0, "order-7").created(), "another queue");
    assertTrue(enqueue("r4", "q", 0, "order-8").created(), "another id");
    RunRecord held = claim("w", T0, Q, 1).granted().get(0).run();
    assertEquals(first.key(), held.key());
    store.commit(commit(held).status(RunStatus.COMPLETED).release().build());
    Store.Created third = enqueue("r5", "q", 0, "order-7");
    assertTrue(third.created(), "the first run has finished");
    assertEquals("r5", third.run().runId());
  }

  @Test
  void theGlobalConcurrencyLimitCountsRunsHeldByAnyWorker() {
    for (int i = 0; i < 5; i++) {
      enqueue("r" + i);
    }
    Dispatch.Limits two = new Dispatch.Limits("q", 2, 0, 0);
    Dispatch.Result a = claim("w1", T0, two, 10);
    assertEquals(2, a.granted().size());
    assertEquals(List.of(), ids(claim("w2", T0, two, 10)));
    RunRecord one = a.granted().get(0).run();
    store.commit(commit(one).status(RunStatus.COMPLETED).release().build());
    assertEquals(1, claim("w2", T0 + 1, two, 10).granted().size());
    assertEquals(List.of(), ids(claim("w1", T0 + 1, two, 10)));
    // Leases that expired do not count: their holders are gone.
    assertEquals(2, claim("w3", T0 + 1 + LEASE, two, 10).granted().size());
  }

  @Test
  void theRateLimitAllowsSoManyClaimsPerSlidingWindowAndSaysWhenTheNextIsAllowed() {
    for (int i = 0; i < 8; i++) {
      enqueue("r" + i);
    }
    Dispatch.Limits rate = new Dispatch.Limits("q", 0, 3, 1000);
    Dispatch.Result first = claim("w1", T0, rate, 2);
    assertEquals(2, first.granted().size());
    assertEquals(0, first.rateLimitedUntil());
    Dispatch.Result second = claim("w2", T0 + 400, rate, 10);
    assertEquals(1, second.granted().size());
    assertEquals(T0 + 1000, second.rateLimitedUntil());
    Dispatch.Result none = claim("w2", T0 + 999, rate, 10);
    assertEquals(List.of(), ids(none));
    assertEquals(T0 + 1000, none.rateLimitedUntil());
    Dispatch.Result later = claim("w2", T0 + 1000, rate, 10);
    assertEquals(2, later.granted().size(), "the two claims at T0 left the window");
    assertEquals(T0 + 1400, later.rateLimitedUntil());
  }

  @Test
  void concurrentClaimersNeverGetTheSameRun() throws Exception {
    int runs = 60;
    for (int i = 0; i < runs; i++) {
      enqueue("r" + i);
    }
    List<Future<List<String>>> got = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < 6; w++) {
        String owner = "w" + w;
        got.add(threads.submit(() -> {
          List<String> mine = new ArrayList<>();
          for (int round = 0; round < 20; round++) {
            mine.addAll(ids(claim(owner, T0, Q, 2)));
          }
          return mine;
        }));
      }
    }
    Set<String> all = new HashSet<>();
    int total = 0;
    for (Future<List<String>> f : got) {
      all.addAll(f.get());
      total += f.get().size();
    }
    assertEquals(runs, total);
    assertEquals(runs, all.size());
  }
}
