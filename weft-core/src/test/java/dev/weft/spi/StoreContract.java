package dev.weft.spi;

import static dev.weft.spi.StoreFixtures.T0;
import static dev.weft.spi.StoreFixtures.attempt;
import static dev.weft.spi.StoreFixtures.commit;
import static dev.weft.spi.StoreFixtures.json;
import static dev.weft.spi.StoreFixtures.newRun;
import static dev.weft.spi.StoreFixtures.show;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ErrorClass;
import dev.weft.Failure;
import dev.weft.RunNotFoundException;
import dev.weft.RunStatus;
import dev.weft.spi.RunRecord.RunHeader;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The store contract: what every {@link Store} backend does, tested at the SPI level. A backend
 * passes by extending this class and returning a fresh, empty store from {@link #newStore}.
 *
 * <p>This class holds the writes (create, claim, renew, release, commit); the reads and the
 * concurrency tests it inherits from {@link StoreReadContract}, snapshots from {@link
 * StoreSnapshotContract}.
 */
public abstract class StoreContract extends StoreReadContract {
  // ---- create ----

  @Test
  void aRunCreatedAlreadyClaimedIsRunningUnderItsOwnersFirstLease() {
    Store.Created c = store.create(newRun("r1", "orders", T0, "owner-a", T0 + LEASE));
    assertEquals(RunStatus.RUNNING, c.run().status());
    assertEquals(new LeaseState("owner-a", 1, T0 + LEASE), c.run().lease());
    assertEquals(show(c.run()), show(reload(c.run())));
  }

  @Test
  void createStoresANewRunWithItsStartEntryAndNoLease() {
    NewRun base = newRun("r1", "orders", T0 + 5, null, 0);
    NewRun n = new NewRun("r1", new RunHeader("orders", 3, T0 + 5, "parent-1"), base.state(),
        base.entries(), base.chain(), List.of(), null, 0);
    Store.Created c = store.create(n);
    assertTrue(c.created());
    RunRecord r = c.run();
    assertEquals("r1", r.runId());
    assertEquals(new RunHeader("orders", 3, T0 + 5, "parent-1"), r.header());
    assertEquals(RunStatus.PENDING, r.status());
    assertEquals(new RunRecord.Progress(0, r.progress().state(), null, null, null, null),
        r.progress());
    assertEquals("'{\"n\":0}'", show(r.progress().state()));
    assertEquals(LeaseState.free(0), r.lease());
    assertEquals(show(n.chain()), show(r.chain()));
    assertEquals(T0 + 5, r.updatedMillis());
    assertEquals(show(r), show(reload(r)));
    assertEquals(show(n.entries()), show(store.journal(r.key(), 0, 10)));
  }

  @Test
  void createWithAnOwnerStartsTheRunHeldAtEpochOne() {
    RunRecord r = store.create(newRun("r1", "def", T0, "A", T0 + 1000)).run();
    assertEquals(new LeaseState("A", 1, T0 + 1000), r.lease());
    assertEquals(show(r), show(reload(r)));
    assertInstanceOf(Claim.Held.class, store.claim(request("r1", "B", T0 + 10, null)));
  }

  @Test
  void creatingAnExistingIdReturnsTheStoredRunAndWritesNothing() {
    RunRecord first = store.create(newRun("r1")).run();
    NewRun base = newRun("r1", "other", T0 + 99, "A", T0 + 1000);
    Blob blob = StoreFixtures.blob(new byte[] {1, 2, 3});
    NewRun again = new NewRun("r1", base.header(), json("{\"n\":7}"), base.entries(),
        base.chain(), List.of(blob), "A", T0 + 1000);
    Store.Created c = store.create(again);
    assertFalse(c.created());
    assertEquals(show(first), show(c.run()));
    assertEquals(show(first), show(reload(first)));
    assertEquals(1, store.journal(first.key(), 0, 10).size());
    assertTrue(store.blob(blob.hash()).isEmpty());
    assertEquals(1, store.list(RunQuery.all()).size());
  }

  @Test
  void runsGetDistinctKeysAndAreFoundByTheirIds() {
    RunRecord a = created("a");
    RunRecord b = created("b");
    assertFalse(a.key() == b.key());
    assertEquals(b.key(), store.find("b").orElseThrow().key());
    assertTrue(store.find("c").isEmpty());
  }

  // ---- claim ----

  @Test
  void claimingAFreeRunGrantsItAtTheNextEpoch() {
    RunRecord r = created("r1");
    Claim.Granted g = granted(store.claim(request("r1", "A", T0 + 10, null)));
    assertNull(g.previousOwner());
    assertEquals(new LeaseState("A", 1, T0 + 10 + LEASE), g.run().lease());
    assertEquals(show(g.run()), show(reload(r)));
  }

  @Test
  void aLeaseChangeLeavesTheRestOfTheRunAlone() {
    RunRecord r = created("r1");
    RunRecord g = granted(store.claim(request("r1", "A", T0 + 10, null))).run();
    assertTrue(store.renew(r.key(), "A", 1, T0 + 5000));
    store.release(r.key(), "A", 1);
    RunRecord after = reload(r);
    assertEquals(LeaseState.free(1), after.lease());
    assertEquals(show(withLease(r, g.lease())), show(g));
    assertEquals(show(withLease(r, after.lease())), show(after));
  }

  @Test
  void aLiveLeaseOfAnotherOwnerIsNotGranted() {
    RunRecord r = held("r1", "A");
    Claim c = store.claim(request("r1", "B", T0 + LEASE - 1, null));
    Claim.Held h = assertInstanceOf(Claim.Held.class, c);
    assertEquals(new LeaseState("A", 1, T0 + LEASE), h.run().lease());
    assertEquals(show(r), show(h.run()));
    assertEquals(show(r), show(reload(r)));
  }

  @Test
  void anExpiredLeaseIsGrantedToAnotherOwnerWhoLearnsWhoHeldIt() {
    RunRecord r = held("r1", "A");
    Claim.Granted g = granted(store.claim(request("r1", "B", T0 + LEASE, null)));
    assertEquals("A", g.previousOwner());
    assertEquals(new LeaseState("B", 2, T0 + LEASE + LEASE), g.run().lease());
    assertEquals(show(g.run()), show(reload(r)));
  }

  @Test
  void everyClaimIncrementsTheEpochByOne() {
    created("r1");
    long now = T0;
    for (int i = 1; i <= 5; i++) {
      now += LEASE;
      Claim.Granted g = granted(store.claim(request("r1", "owner" + i, now, null)));
      assertEquals(i, g.run().lease().epoch());
      assertEquals(i == 1 ? null : "owner" + (i - 1), g.previousOwner());
    }
  }

  @Test
  void theHolderMayClaimAgainAndGetsTheNextEpoch() {
    held("r1", "A");
    Claim.Granted g = granted(store.claim(request("r1", "A", T0 + 1, null)));
    assertEquals("A", g.previousOwner());
    assertEquals(new LeaseState("A", 2, T0 + 1 + LEASE), g.run().lease());
  }

  @Test
  void aTakeoverAtTheCurrentEpochTakesALiveLease() {
    RunRecord r = held("r1", "A");
    Claim.Granted g = granted(store.claim(request("r1", "B", T0 + 1, 1L)));
    assertEquals("A", g.previousOwner());
    assertEquals(new LeaseState("B", 2, T0 + 1 + LEASE), g.run().lease());
    assertEquals(show(g.run()), show(reload(r)));
  }

  @Test
  void aTakeoverAtAnOldEpochIsNotGranted() {
    RunRecord r = held("r1", "A");
    granted(store.claim(request("r1", "B", T0 + 1, 1L)));
    RunRecord before = reload(r);
    Claim c = store.claim(request("r1", "C", T0 + 2, 1L));
    assertInstanceOf(Claim.Held.class, c);
    assertEquals(new LeaseState("B", 2, T0 + 1 + LEASE), reload(r).lease());
    assertEquals(show(before), show(reload(r)));
  }

  @Test
  void claimingAnUnknownRunFailsWithRunNotFound() {
    assertThrows(RunNotFoundException.class, () -> store.claim(request("nope", "A", T0, null)));
  }

  // ---- renew and release ----

  @Test
  void renewExtendsTheHoldersLeaseAtTheSameEpoch() {
    RunRecord r = held("r1", "A");
    assertTrue(store.renew(r.key(), "A", 1, T0 + 9000));
    assertEquals(new LeaseState("A", 1, T0 + 9000), reload(r).lease());
    assertInstanceOf(Claim.Held.class, store.claim(request("r1", "B", T0 + 8999, null)));
  }

  @Test
  void renewByAnotherOwnerOrAtAnotherEpochChangesNothing() {
    RunRecord r = held("r1", "A");
    assertFalse(store.renew(r.key(), "B", 1, T0 + 9000));
    assertFalse(store.renew(r.key(), "A", 2, T0 + 9000));
    assertFalse(store.renew(r.key(), "A", 0, T0 + 9000));
    assertFalse(store.renew(987_654, "A", 1, T0 + 9000));
    assertEquals(show(r), show(reload(r)));
  }

  @Test
  void releaseFreesTheLeaseAndKeepsItsEpoch() {
    RunRecord r = held("r1", "A");
    store.release(r.key(), "A", 1);
    assertEquals(LeaseState.free(1), reload(r).lease());
    assertFalse(store.renew(r.key(), "A", 1, T0 + 9000));
    Claim.Granted g = granted(store.claim(request("r1", "B", T0 + 1, null)));
    assertNull(g.previousOwner());
    assertEquals(2, g.run().lease().epoch());
  }

  @Test
  void releaseByAnotherOwnerOrAtAnotherEpochChangesNothing() {
    RunRecord r = held("r1", "A");
    store.release(r.key(), "B", 1);
    store.release(r.key(), "A", 2);
    store.release(r.key(), "A", 0);
    store.release(987_654, "A", 1);
    assertEquals(show(r), show(reload(r)));
  }

  // ---- commit: the run row ----

  @Test
  void aCommitAppendsItsEntriesAndSetsTheRunsColumns() {
    RunRecord r = held("r1", "A");
    Commit c = commit(r).entry(EntryKind.TOOL_INTENT, 0, T0 + 1, "{\"call\":1}")
        .step(T0 + 2, "{\"n\":1}").status(RunStatus.WAITING)
        .waiting("{\"for\":\"signal\"}", new Waiting("go", T0 + 777)).build();
    store.commit(c);
    RunRecord after = reload(r);
    assertEquals(RunStatus.WAITING, after.status());
    assertEquals(new RunRecord.Progress(1, after.progress().state(), null, null,
        "{\"for\":\"signal\"}", new Waiting("go", T0 + 777)), after.progress());
    assertEquals("'{\"n\":1}'", show(after.progress().state()));
    assertEquals(show(c.chain()), show(after.chain()));
    assertEquals(r.lease(), after.lease());
    assertEquals(T0 + 2, after.updatedMillis());
    assertEquals(r.header(), after.header());
    List<JournalRecord> journal = store.journal(r.key(), 0, 10);
    assertEquals(List.of(1L, 2L, 3L), journal.stream().map(JournalRecord::seq).toList());
    assertEquals(show(c.entries()), show(journal.subList(1, 3)));
  }

  @Test
  void aProgressOnlyCommitChangesStepsStateAndChainButKeepsStatusAndDetail() {
    RunRecord r = held("r1", "A");
    store.commit(commit(r).step(T0 + 1, "{\"n\":1}").status(RunStatus.WAITING)
        .waiting("{\"note\":1}", new Waiting(null, T0 + 9)).build());
    Commit c = commit(reload(r)).step(T0 + 2, "{\"n\":2}").progressOnly().build();
    store.commit(c);
    RunRecord after = reload(r);
    assertEquals(RunStatus.WAITING, after.status());
    assertEquals(2, after.progress().steps());
    assertEquals("'{\"n\":2}'", show(after.progress().state()));
    assertEquals("{\"note\":1}", after.progress().detail());
    assertEquals(T0 + 9L, after.progress().wakeAtMillis());
    assertEquals(show(c.chain()), show(after.chain()));
    assertEquals(T0 + 2, after.updatedMillis());
    Commit noState = commit(after).entry(EntryKind.TOOL_INTENT, 2, T0 + 3, "{}").progressOnly()
        .build();
    store.commit(noState);
    assertEquals("'{\"n\":2}'", show(reload(r).progress().state()));
    assertEquals(3 + 1, reload(r).chain().count());
  }

  @Test
  void aCommitCanCompleteOrFailTheRunAndClearWhatItNoLongerWaitsFor() {
    RunRecord r = held("r1", "A");
    store.commit(commit(r).step(T0 + 1, "{\"n\":1}").status(RunStatus.WAITING)
        .waiting("{\"x\":1}", new Waiting("k", T0 + 5)).build());
    store.commit(commit(reload(r)).entry(EntryKind.RUN_COMPLETED, 1, T0 + 2, "42")
        .status(RunStatus.COMPLETED).result(json("42")).build());
    RunRecord done = reload(r);
    assertEquals(RunStatus.COMPLETED, done.status());
    assertEquals("'42'", show(done.progress().result()));
    assertNull(done.progress().detail());
    assertNull(done.progress().waiting());
    Failure why = Failure.of(ErrorClass.BUSINESS, "no \"stock\" ü");
    RunRecord f = held("r2", "A");
    store.commit(commit(f).entry(EntryKind.RUN_FAILED, 0, T0 + 3, "{}")
        .status(RunStatus.FAILED).failure(why).build());
    assertEquals(why, reload(f).progress().failure());
    assertNull(reload(f).progress().result());
  }

  @Test
  void aCommitWithoutAStateKeepsTheStoredState() {
    RunRecord r = held("r1", "A");
    store.commit(commit(r).step(T0 + 1, "{\"n\":1}").build());
    store.commit(commit(reload(r)).entry(EntryKind.RUN_PAUSED, 1, T0 + 2, "{}")
        .status(RunStatus.PAUSED).state(null).build());
    RunRecord after = reload(r);
    assertEquals(RunStatus.PAUSED, after.status());
    assertEquals("'{\"n\":1}'", show(after.progress().state()));
  }

  @Test
  void aCommitWithoutEntriesKeepsTheRunsUpdateTime() {
    RunRecord r = held("r1", "A");
    store.commit(commit(r).step(T0 + 50, "{\"n\":1}").build());
    store.commit(commit(reload(r)).attempt(attempt(1, 1, AttemptRecord.Outcome.INTERRUPTED))
        .build());
    assertEquals(T0 + 50, reload(r).updatedMillis());
    assertEquals(1, store.attempts(r.key(), 0, 10).size());
  }

  @Test
  void aCommitThatReleasesTheLeaseFreesTheRunForTheNextClaim() {
    RunRecord r = held("r1", "A");
    store.commit(commit(r).step(T0 + 1, "{\"n\":1}").status(RunStatus.PAUSED).release()
        .build());
    assertEquals(LeaseState.free(1), reload(r).lease());
    assertFalse(store.renew(r.key(), "A", 1, T0 + 9000));
    Claim.Granted g = granted(store.claim(request("r1", "B", T0 + 2, null)));
    assertNull(g.previousOwner());
    assertEquals(2, g.run().lease().epoch());
  }

  @Test
  void aCommitAtAnOldEpochFailsAsLeaseLostAndWritesNothing() {
    RunRecord a = held("r1", "A");
    store.commit(commit(a).entry(EntryKind.TOOL_INTENT, 0, T0 + 1, "{}")
        .step(T0 + 2, "{\"n\":1}").attempt(attempt(0, 1, AttemptRecord.Outcome.SUCCEEDED))
        .toolCall(StoreFixtures.pendingCall("k1", 0, 2)).build());
    RunRecord seenByA = reload(a);
    granted(store.claim(request("r1", "B", T0 + 3, 1L)));
    Snapshot before = snapshot(a);
    byte[] big = new byte[70_000];
    new Random(7).nextBytes(big);
    Commit stale = commit(seenByA).entry(EntryKind.TOOL_RESULT, 1, T0 + 4, "{}")
        .blobEntry(EntryKind.STEP_COMMITTED, 1, T0 + 5, big).steps(2).state(json("{\"n\":2}"))
        .status(RunStatus.COMPLETED).result(json("2")).release()
        .attempt(attempt(1, 1, AttemptRecord.Outcome.SUCCEEDED))
        .toolCall(StoreFixtures.doneCall("k1", 0, 2, 4))
        .toolCall(StoreFixtures.pendingCall("k2", 1, 5)).build();
    StaleCommitException e = assertThrows(StaleCommitException.class, () -> store.commit(stale));
    assertTrue(e.leaseLost());
    assertEquals(before, snapshot(a));
    assertTrue(store.blob(stale.blobs().get(0).hash()).isEmpty());
  }

  @Test
  void aCommitOnAJournalThatGrewFailsWithoutLeaseLostAndWritesNothing() {
    RunRecord r = held("r1", "A");
    store.commit(commit(r).step(T0 + 1, "{\"n\":1}").build());
    Snapshot before = snapshot(r);
    Commit stale = commit(reload(r)).expectedCount(1).step(T0 + 2, "{\"n\":2}")
        .attempt(attempt(1, 1, AttemptRecord.Outcome.SUCCEEDED))
        .toolCall(StoreFixtures.pendingCall("k1", 1, 3))
        .blob(StoreFixtures.blob(new byte[] {9, 9})).build();
    StaleCommitException e = assertThrows(StaleCommitException.class, () -> store.commit(stale));
    assertFalse(e.leaseLost());
    assertEquals(before, snapshot(r));
    assertTrue(store.blob(stale.blobs().get(0).hash()).isEmpty());
  }

  @Test
  void aCommitToAnUnknownRunFailsWithRunNotFound() {
    RunRecord r = held("r1", "A");
    Commit c = commit(r).step(T0 + 1, "{}").build();
    Commit elsewhere = new Commit(987_654, "ghost", c.expectedEpoch(), c.expectedCount(),
        c.entries(), c.chain(), c.update(), c.attempts(), c.toolCalls(), c.blobs(), false);
    assertThrows(RunNotFoundException.class, () -> store.commit(elsewhere));
  }

  private static RunRecord withLease(RunRecord r, LeaseState lease) {
    return new RunRecord(r.key(), r.runId(), r.header(), r.status(), r.progress(), lease,
        r.chain(), r.updatedMillis());
  }

  private Claim.Request request(String runId, String owner, long now,
      @Nullable Long takeoverEpoch) {
    return new Claim.Request(runId, owner, now, now + LEASE, takeoverEpoch);
  }
}
