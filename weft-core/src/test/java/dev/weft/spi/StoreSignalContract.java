package dev.weft.spi;

import static dev.weft.spi.StoreFixtures.T0;
import static dev.weft.spi.StoreFixtures.commit;
import static dev.weft.spi.StoreFixtures.json;
import static dev.weft.spi.StoreFixtures.newRun;
import static dev.weft.spi.StoreFixtures.show;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.IllegalRunStateException;
import dev.weft.RunNotFoundException;
import dev.weft.RunStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The store contract for signals and waits: storing signals, making waiting runs due, consuming
 * a signal in the commit that wakes its run, and the scheduler's queries. Part of {@link
 * StoreContract}.
 */
public abstract class StoreSignalContract extends StoreSnapshotContract {
  private static final Set<String> DEF = Set.of("def");

  private Store.Sent send(String runId, String name, String payload, long at) {
    return store.signal(new NewSignal(runId, name, json(payload), List.of(), at, false));
  }

  private static String text(SignalRecord s) {
    return s.seq() + " " + s.name() + " " + show(s.payload()) + " @" + (s.sentMillis() - T0)
        + (s.pending() ? "" : " consumed by " + s.consumedSeq());
  }

  private List<String> signals(RunRecord run) {
    return store.signals(run.key(), 0, 100).stream().map(StoreSignalContract::text).toList();
  }

  /** Makes the held run WAITING for {@code key} (one step, lease released). */
  private RunRecord waitFor(RunRecord held, String key) {
    store.commit(commit(held).step(T0 + 1, "{\"n\":1}").waitingFor(key).release().build());
    return reload(held);
  }

  @Test
  void signalsAreNumberedPerRunAndKeptPendingInTheOrderTheyWereSent() {
    RunRecord a = created("a");
    RunRecord b = created("b");
    assertEquals(1, send("a", "x", "1", T0 + 1).signal().seq());
    assertEquals(2, send("a", "y", "\"two\"", T0 + 2).signal().seq());
    assertEquals(1, send("b", "x", "{}", T0 + 3).signal().seq());
    Store.Sent third = send("a", "x", "3", T0 + 4);
    assertEquals(new SignalRecord(3, "x", third.signal().payload(), T0 + 4, null).toString(),
        third.signal().toString());
    assertFalse(third.wakes(), "the run waits for nothing");
    assertEquals(List.of("1 x '1' @1", "2 y '\"two\"' @2", "3 x '3' @4"), signals(a));
    assertEquals(List.of("2 y '\"two\"' @2"), store.signals(a.key(), 1, 1).stream()
        .map(StoreSignalContract::text).toList());
    assertEquals("1 x '1' @1", text(store.pendingSignal(a.key(), "x").orElseThrow()));
    assertEquals("1 x '{}' @3", text(store.pendingSignal(b.key(), "x").orElseThrow()));
    assertTrue(store.pendingSignal(b.key(), "y").isEmpty());
    assertEquals(RunStatus.PENDING, reload(a).status(), "a signal changes nothing else");
  }

  @Test
  void aLargeSignalPayloadIsStoredAsABlobAndReadBackWhole() {
    created("r1");
    byte[] big = ("\"" + "z".repeat(5000) + "\"").getBytes(StandardCharsets.UTF_8);
    Blob blob = StoreFixtures.blob(big);
    store.signal(new NewSignal("r1", "x", new Payload.BlobRef(blob.hash(), big.length),
        List.of(blob), T0, false));
    SignalRecord s = store.pendingSignal(reload(created("r1")).key(), "x").orElseThrow();
    assertEquals("blob:" + blob.hash() + "/" + big.length, show(s.payload()));
    assertEquals(new String(big, StandardCharsets.UTF_8),
        new String(store.blob(blob.hash()).orElseThrow(), StandardCharsets.UTF_8));
  }

  @Test
  void aSignalToAnUnknownOrEndedRunIsRefusedAndStoresNothing() {
    assertThrows(RunNotFoundException.class, () -> send("nope", "x", "1", T0));
    RunRecord done = held("done", "A");
    store.commit(commit(done).entry(EntryKind.RUN_COMPLETED, 0, T0 + 1, "1")
        .status(RunStatus.COMPLETED).result(json("1")).release().build());
    RunRecord failed = held("failed", "A");
    store.commit(commit(failed).entry(EntryKind.RUN_FAILED, 0, T0 + 1, "{}")
        .status(RunStatus.FAILED).release().build());
    for (RunRecord r : List.of(done, failed)) {
      Snapshot before = snapshot(r);
      IllegalRunStateException e = assertThrows(IllegalRunStateException.class,
          () -> send(r.runId(), "x", "1", T0 + 2));
      assertEquals(reload(r).status(), e.status());
      assertEquals(List.of(), signals(r));
      assertEquals(before, snapshot(r));
    }
  }

  @Test
  void anInterruptingSignalMakesAWaitingRunDueWhateverItWaitsForAndLeavesItsWait() {
    RunRecord running = held("busy", "A");
    Store.Sent early = store.signal(new NewSignal("busy", "stop", json("\"now\""), List.of(),
        T0 + 5, false, true));
    assertFalse(early.wakes(), "a run that does not wait has nothing to be woken from");
    assertEquals(List.of(), store.due(T0 + 1_000_000, DEF, 10));
    assertEquals(show(running), show(reload(running)), "the run is left as it was");

    RunRecord r = waitFor(held("r1", "A"), "go");
    Store.Sent sent = store.signal(new NewSignal("r1", "stop", json("\"why\""), List.of(),
        T0 + 40, false, true));
    assertTrue(sent.wakes());
    assertEquals(new Waiting("go", T0 + 40), reload(r).progress().waiting(),
        "due at the signal's time, still waiting for its own key");
    assertEquals(List.of(show(reload(r))), store.due(T0 + 40, DEF, 10).stream()
        .map(StoreFixtures::show).toList());
    assertEquals("1 stop '\"why\"' @40", text(store.pendingSignal(r.key(), "stop")
        .orElseThrow()));
    assertTrue(store.pendingSignal(r.key(), "go").isEmpty());
    assertThrows(IllegalArgumentException.class, () -> new NewSignal("r1", "stop",
        json("1"), List.of(), T0, true, true));
  }

  @Test
  void aSignalForTheNameARunWaitsForMakesItDueAtTheSignalsTime() {
    RunRecord r = waitFor(held("r1", "A"), "go");
    assertEquals(List.of(), store.due(T0 + 1_000_000, DEF, 10));
    assertTrue(store.nextWake(T0, DEF).isEmpty());
    assertFalse(send("r1", "other", "1", T0 + 10).wakes());
    assertEquals(List.of(), store.due(T0 + 1_000_000, DEF, 10), "a signal it does not wait for");
    assertTrue(send("r1", "go", "2", T0 + 50).wakes());
    assertEquals(new Waiting("go", T0 + 50), reload(r).progress().waiting());
    assertEquals(List.of(), store.due(T0 + 49, DEF, 10));
    assertEquals(List.of(show(reload(r))), store.due(T0 + 50, DEF, 10).stream()
        .map(StoreFixtures::show).toList());
    assertTrue(send("r1", "go", "3", T0 + 70).wakes());
    assertEquals(T0 + 50, reload(r).progress().wakeAtMillis(), "the first signal counts");
  }

  @Test
  void aSignalSentBeforeTheRunWaitsMakesItDueWhenItBeginsToWait() {
    RunRecord r = held("r1", "A");
    assertFalse(send("r1", "go", "1", T0 + 10).wakes());
    assertEquals(null, reload(r).progress().waiting());
    RunRecord waiting = waitFor(r, "go");
    assertEquals(new Waiting("go", T0 + 10), waiting.progress().waiting());
    assertEquals(1, store.due(T0 + 10, DEF, 10).size());
  }

  @Test
  void aSignalBeforeATimeoutMovesTheWakeUpEarlierAndALaterTimeoutStays() {
    RunRecord r = held("r1", "A");
    store.commit(commit(r).step(T0 + 1, "{}").status(RunStatus.WAITING)
        .waiting("{}", new Waiting("go", T0 + 1000)).release().build());
    assertEquals(Long.valueOf(T0 + 1000), store.nextWake(T0, DEF).stream().boxed().findFirst()
        .orElseThrow());
    send("r1", "go", "1", T0 + 20);
    assertEquals(new Waiting("go", T0 + 20), reload(r).progress().waiting());
    RunRecord s = held("r2", "A");
    store.commit(commit(s).step(T0 + 1, "{}").status(RunStatus.WAITING)
        .waiting("{}", new Waiting("go", T0 + 5)).release().build());
    send("r2", "go", "1", T0 + 20);
    assertEquals(new Waiting("go", T0 + 5), reload(s).progress().waiting());
  }

  @Test
  void dueRunsAreRunsOfTheGivenDefinitionsWhoseTimeHasComeEarliestFirst() {
    long[] wake = {300, 100, 200, 100};
    for (int i = 0; i < wake.length; i++) {
      RunRecord r = store.create(newRun("t" + i, i == 3 ? "other" : "def", T0, "A",
          T0 + LEASE)).run();
      store.commit(commit(r).step(T0 + 1, "{}").status(RunStatus.WAITING)
          .waiting("{}", new Waiting(null, T0 + wake[i])).release().build());
    }
    RunRecord paused = held("p", "A");
    store.commit(commit(paused).entry(EntryKind.RUN_PAUSED, 0, T0 + 1, "{}")
        .status(RunStatus.PAUSED).waiting("{}", Waiting.dueAt(T0 + 150)).release().build());
    held("plain", "A");
    assertEquals(List.of("t1", "p", "t2", "t0"), ids(store.due(T0 + 1000, DEF, 10)));
    assertEquals(List.of("t1", "p"), ids(store.due(T0 + 1000, DEF, 2)));
    assertEquals(List.of("t1"), ids(store.due(T0 + 100, DEF, 10)));
    assertEquals(List.of("t1", "t3"), ids(store.due(T0 + 100, Set.of("def", "other"), 10)));
    assertEquals(List.of(), store.due(T0 + 1000, Set.of(), 10));
    assertEquals(List.of(), store.due(T0 + 1000, Set.of("unknown"), 10));
    assertEquals(T0 + 100, store.nextWake(T0, DEF).getAsLong());
    assertEquals(T0 + 150, store.nextWake(T0 + 100, DEF).getAsLong(), "strictly later");
    assertEquals(T0 + 300, store.nextWake(T0 + 299, DEF).getAsLong());
    assertTrue(store.nextWake(T0 + 300, DEF).isEmpty());
    assertTrue(store.nextWake(T0, Set.of()).isEmpty());
    granted(store.claim(request("t1", "B", T0 + 100)));
    List<RunRecord> due = store.due(T0 + 200, DEF, 10);
    assertEquals(List.of("t1", "p", "t2"), ids(due), "held runs too: the caller judges them");
    assertEquals("B", due.get(0).lease().owner());
  }

  private static Claim.Request request(String runId, String owner, long now) {
    return new Claim.Request(runId, owner, now, now + LEASE, null);
  }

  private static List<String> ids(List<RunRecord> runs) {
    return runs.stream().map(RunRecord::runId).toList();
  }

  @Test
  void theCommitThatWakesARunConsumesItsSignalAndRemembersTheWakeEntry() {
    RunRecord r = waitFor(held("r1", "A"), "go");
    send("r1", "go", "1", T0 + 10);
    send("r1", "go", "2", T0 + 11);
    RunRecord claimed = granted(store.claim(request("r1", "B", T0 + 20))).run();
    StoreFixtures.CommitBuilder wake = commit(claimed);
    long seq = wake.nextSeq();
    store.commit(wake.entry(EntryKind.SIGNAL_RECEIVED, 1, T0 + 20, "{\"signal\":1}")
        .wakeup(seq, 1L).build());
    RunRecord after = reload(r);
    assertEquals(RunStatus.RUNNING, after.status());
    assertEquals(null, after.progress().waiting());
    assertEquals(Long.valueOf(seq), after.progress().wokenSeq());
    assertEquals(List.of("1 go '1' @10 consumed by " + seq, "2 go '2' @11"), signals(r));
    assertEquals(2, store.pendingSignal(r.key(), "go").orElseThrow().seq());
    assertEquals(List.of(), store.due(T0 + 1000, DEF, 10));
    store.commit(commit(after).step(T0 + 21, "{\"n\":2}").progressOnly().build());
    store.commit(commit(reload(r)).step(T0 + 22, "{\"n\":3}").status(RunStatus.RUNNING).build());
    assertEquals(Long.valueOf(seq), reload(r).progress().wokenSeq(), "kept until the next wake");
  }

  @Test
  void aCommitConsumingASignalThatIsGoneIsRefusedAndWritesNothing() {
    RunRecord r = waitFor(held("r1", "A"), "go");
    send("r1", "go", "1", T0 + 10);
    RunRecord claimed = granted(store.claim(request("r1", "B", T0 + 20))).run();
    StoreFixtures.CommitBuilder first = commit(claimed);
    long seq = first.nextSeq();
    store.commit(first.entry(EntryKind.SIGNAL_RECEIVED, 1, T0 + 20, "{}").wakeup(seq, 1L)
        .build());
    for (long signal : new long[] {1, 2, 99}) {
      RunRecord now = reload(r);
      Snapshot before = snapshot(now);
      List<String> signalsBefore = signals(now);
      StoreFixtures.CommitBuilder again = commit(now);
      long at = again.nextSeq();
      Commit c = again.entry(EntryKind.SIGNAL_RECEIVED, 1, T0 + 21, "{}").wakeup(at, signal)
          .build();
      assertThrows(StaleCommitException.class, () -> store.commit(c), "signal " + signal);
      assertEquals(before, snapshot(now));
      assertEquals(signalsBefore, signals(now));
    }
  }

  @Test
  void aTimerWakeRemembersItsEntryAndConsumesNoSignal() {
    RunRecord r = held("r1", "A");
    store.commit(commit(r).step(T0 + 1, "{}").status(RunStatus.WAITING)
        .waiting("{}", new Waiting("go", T0 + 5)).release().build());
    send("r1", "go", "1", T0 + 100);
    RunRecord claimed = granted(store.claim(request("r1", "B", T0 + 6))).run();
    StoreFixtures.CommitBuilder wake = commit(claimed);
    long seq = wake.nextSeq();
    store.commit(wake.entry(EntryKind.WAIT_TIMED_OUT, 1, T0 + 6, "{}").wakeup(seq, null)
        .build());
    assertEquals(Long.valueOf(seq), reload(r).progress().wokenSeq());
    assertEquals(List.of("1 go '1' @100"), signals(r), "a later signal stays pending");
  }

  @Test
  void aSignalAnsweringAWaitIsRefusedUnlessTheRunWaitsForItWithNothingPending() {
    RunRecord r = held("r1", "A");
    NewSignal answer = new NewSignal("r1", "ask_user", json("true"), List.of(), T0 + 5, true);
    IllegalRunStateException notWaiting = assertThrows(IllegalRunStateException.class,
        () -> store.signal(answer));
    assertEquals(RunStatus.PENDING, notWaiting.status());
    waitFor(r, "ask_user");
    NewSignal other = new NewSignal("r1", "other", json("1"), List.of(), T0 + 5, true);
    assertTrue(assertThrows(IllegalRunStateException.class, () -> store.signal(other))
        .getMessage().contains("'ask_user', not 'other'"));
    assertEquals(List.of(), signals(r));
    assertTrue(store.signal(answer).wakes());
    assertTrue(assertThrows(IllegalRunStateException.class, () -> store.signal(answer))
        .getMessage().contains("answered already"));
    assertEquals(List.of("1 ask_user 'true' @5"), signals(r));
  }

  @Test
  void concurrentSignalsToOneRunGetDistinctNumbers() throws Exception {
    RunRecord r = created("r1");
    int n = 40;
    List<Future<Store.Sent>> sent;
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      sent = IntStream.range(0, n).mapToObj(i -> pool.submit(
          () -> send("r1", "x", Integer.toString(i), T0 + i))).toList();
    }
    List<Long> seqs = sent.stream().map(f -> {
      try {
        return f.get().signal().seq();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }).sorted().toList();
    assertEquals(IntStream.rangeClosed(1, n).asLongStream().boxed().toList(), seqs);
    assertEquals(n, store.signals(r.key(), 0, 100).size());
  }
}
