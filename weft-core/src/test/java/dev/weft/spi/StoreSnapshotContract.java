package dev.weft.spi;

import static dev.weft.spi.StoreFixtures.T0;
import static dev.weft.spi.StoreFixtures.commit;
import static dev.weft.spi.StoreFixtures.json;
import static dev.weft.spi.StoreFixtures.newRun;
import static dev.weft.spi.StoreFixtures.show;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.RunNotFoundException;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The store contract for snapshots, runs that begin at a later step (forks), and reading the
 * entry that committed a step. Part of {@link StoreContract}.
 */
public abstract class StoreSnapshotContract extends StoreContractBase {
  @Test
  void aSavedSnapshotIsFoundByItsRunAndNameWithItsLabelStepAndState() {
    RunRecord r = created("r1");
    assertTrue(store.saveSnapshot(snap(r, "before", "pre-refund state", List.of("z", "a", "m"),
        3, "{\"n\":3}", T0 + 10)));
    SnapshotRecord s = store.snapshot(r.key(), "before").orElseThrow();
    assertEquals(r.key(), s.runKey());
    assertEquals("r1", s.runId());
    assertEquals(new SnapshotRecord.Label("before", "pre-refund state", List.of("z", "a", "m")),
        s.label());
    assertEquals(3, s.step());
    assertEquals("'{\"n\":3}'", show(s.state()));
    assertEquals(T0 + 10, s.createdMillis());
    assertTrue(store.snapshot(r.key(), "after").isEmpty());
    assertTrue(store.snapshot(r.key() + 1000, "before").isEmpty());
  }

  @Test
  void aSnapshotWithoutDescriptionOrTagsReadsBackWithNoneOfEither() {
    RunRecord r = created("r1");
    assertTrue(store.saveSnapshot(snap(r, "plain", null, List.of(), 0, "{}", T0)));
    SnapshotRecord s = store.snapshot(r.key(), "plain").orElseThrow();
    assertNull(s.label().description());
    assertEquals(List.of(), s.label().tags());
  }

  @Test
  void aNameTakenInTheRunIsRefusedAndNothingIsWritten() {
    RunRecord r = created("r1");
    assertTrue(store.saveSnapshot(snap(r, "x", "first", List.of("a"), 1, "{\"n\":1}", T0)));
    SnapshotRecord first = store.snapshot(r.key(), "x").orElseThrow();
    byte[] big = new byte[1000];
    new Random(3).nextBytes(big);
    Blob blob = StoreFixtures.blob(big);
    NewSnapshot again = new NewSnapshot(r.key(), new SnapshotRecord.Label("x", "second",
        List.of("b")), 2, new Payload.BlobRef(blob.hash(), big.length), List.of(blob), T0 + 1);
    assertFalse(store.saveSnapshot(again));
    assertEquals(text(first), text(store.snapshot(r.key(), "x").orElseThrow()));
    assertTrue(store.blob(blob.hash()).isEmpty());
    assertEquals(List.of(), store.snapshots(SnapshotQuery.all().withTag("b")));
    assertEquals(1, store.snapshots(SnapshotQuery.all()).size());
  }

  @Test
  void theSameNameMayBeUsedInAnotherRun() {
    RunRecord a = created("a");
    RunRecord b = created("b");
    assertTrue(store.saveSnapshot(snap(a, "x", null, List.of(), 0, "{\"run\":\"a\"}", T0)));
    assertTrue(store.saveSnapshot(snap(b, "x", null, List.of(), 0, "{\"run\":\"b\"}", T0)));
    assertEquals("'{\"run\":\"a\"}'", show(store.snapshot(a.key(), "x").orElseThrow().state()));
    assertEquals("'{\"run\":\"b\"}'", show(store.snapshot(b.key(), "x").orElseThrow().state()));
  }

  @Test
  void aSnapshotOfAnUnknownRunFailsWithRunNotFoundAndWritesNothing() {
    RunRecord r = created("r1");
    Blob blob = StoreFixtures.blob(new byte[] {4, 5, 6});
    NewSnapshot ghost = new NewSnapshot(r.key() + 1000, new SnapshotRecord.Label("x", null,
        List.of("t")), 0, new Payload.BlobRef(blob.hash(), 3), List.of(blob), T0);
    assertThrows(RunNotFoundException.class, () -> store.saveSnapshot(ghost));
    assertEquals(List.of(), store.snapshots(SnapshotQuery.all()));
    assertTrue(store.blob(blob.hash()).isEmpty());
  }

  @Test
  void savingASnapshotLeavesTheRunItsJournalAndItsLeaseAlone() {
    RunRecord r = held("r1", "A");
    store.commit(commit(r).step(T0 + 1, "{\"n\":1}").build());
    Snapshot before = snapshot(r);
    assertTrue(store.saveSnapshot(snap(r, "x", "d", List.of("t"), 1, "{\"n\":1}", T0 + 2)));
    assertEquals(before, snapshot(r));
    store.commit(commit(reload(r)).step(T0 + 3, "{\"n\":2}").build());
    assertEquals(2, reload(r).progress().steps());
  }

  @Test
  void aSnapshotsStateMayBeABlobItCarries() {
    RunRecord r = created("r1");
    byte[] big = new byte[200_000];
    new Random(5).nextBytes(big);
    Blob blob = StoreFixtures.blob(big);
    assertTrue(store.saveSnapshot(new NewSnapshot(r.key(), new SnapshotRecord.Label("big", null,
        List.of()), 7, new Payload.BlobRef(blob.hash(), big.length), List.of(blob), T0)));
    SnapshotRecord s = store.snapshot(r.key(), "big").orElseThrow();
    assertEquals("blob:" + blob.hash() + "/200000", show(s.state()));
    assertArrayEquals(big, store.blob(blob.hash()).orElseThrow());
  }

  @Test
  void snapshotsAreListedNewestFirstAcrossRunsAndFilteredByRunNameAndTag() {
    RunRecord a = created("a");
    RunRecord b = created("b");
    store.saveSnapshot(snap(a, "s1", null, List.of("gold", "x"), 0, "{}", T0 + 1));
    store.saveSnapshot(snap(b, "s1", null, List.of("gold"), 0, "{}", T0 + 2));
    store.saveSnapshot(snap(a, "s2", null, List.of("x"), 0, "{}", T0 + 3));
    store.saveSnapshot(snap(b, "s3", null, List.of(), 0, "{}", T0 + 3));
    store.saveSnapshot(snap(a, "s4", null, List.of("gold"), 0, "{}", T0 + 2));
    assertEquals(List.of("b/s3", "a/s2", "a/s4", "b/s1", "a/s1"), ids(SnapshotQuery.all()));
    assertEquals(List.of("a/s2", "a/s4", "a/s1"), ids(SnapshotQuery.all().withRunId("a")));
    assertEquals(List.of("b/s1", "a/s1"), ids(SnapshotQuery.all().withName("s1")));
    assertEquals(List.of("a/s4", "b/s1", "a/s1"), ids(SnapshotQuery.all().withTag("gold")));
    assertEquals(List.of("a/s4", "a/s1"),
        ids(SnapshotQuery.all().withTag("gold").withRunId("a")));
    assertEquals(List.of("a/s1"),
        ids(SnapshotQuery.all().withTag("x").withName("s1").withRunId("a")));
    assertEquals(List.of(), ids(SnapshotQuery.all().withTag("silver")));
    assertEquals(List.of(), ids(SnapshotQuery.all().withRunId("nope")));
    assertEquals(List.of("a/s2", "a/s4"), ids(SnapshotQuery.all().page(1, 2)));
    assertEquals(List.of("a/s1"), ids(SnapshotQuery.all().page(4, 10)));
    assertEquals(List.of("gold", "x"), store.snapshots(SnapshotQuery.all().withRunId("a")
        .withName("s1")).get(0).label().tags());
  }

  @Test
  void aPageOfManySnapshotsCarriesEveryOnesTags() {
    RunRecord r = created("r1");
    for (int i = 0; i < 150; i++) {
      store.saveSnapshot(snap(r, "s" + i, null, List.of("t" + i, "all"), i, "{}", T0 + i));
    }
    List<SnapshotRecord> page = store.snapshots(SnapshotQuery.all().page(0, 150));
    assertEquals(150, page.size());
    for (SnapshotRecord s : page) {
      assertEquals(List.of("t" + s.step(), "all"), s.label().tags());
      assertEquals("s" + s.step(), s.label().name());
    }
  }

  @Test
  void theCommittedEntryOfAStepIsFoundAmongTheRunsEntries() {
    RunRecord r = held("r1", "A");
    store.commit(commit(r).step(T0 + 1, "{\"n\":1}")
        .entry(EntryKind.TOOL_INTENT, 1, T0 + 2, "{\"call\":1}")
        .entry(EntryKind.STEP_COMMITTED, 1, T0 + 3, "").steps(2).build());
    List<JournalRecord> journal = store.journal(r.key(), 0, 10);
    assertEquals(show(journal.get(1)), show(store.committedStep(r.key(), 0).orElseThrow()));
    assertEquals(show(journal.get(3)), show(store.committedStep(r.key(), 1).orElseThrow()));
    assertEquals("''", show(store.committedStep(r.key(), 1).orElseThrow().payload()));
    assertTrue(store.committedStep(r.key(), 2).isEmpty());
    assertTrue(store.committedStep(r.key() + 1000, 0).isEmpty());
  }

  @Test
  void aNewRunMayBeginAtALaterStep() {
    NewRun base = newRun("fork");
    NewRun n = new NewRun("fork", new RunRecord.RunHeader("def", 1, T0, "origin"),
        json("{\"n\":5}"), base.entries(), base.chain(), List.of(), null, 0, 5);
    RunRecord r = store.create(n).run();
    assertEquals(5, r.progress().steps());
    assertEquals("origin", r.header().parentRunId());
    assertEquals(show(r), show(reload(r)));
    assertEquals(0, created("plain").progress().steps());
  }

  private static NewSnapshot snap(RunRecord run, String name, @Nullable String description,
      List<String> tags, long step, String stateJson, long createdMillis) {
    return new NewSnapshot(run.key(), new SnapshotRecord.Label(name, description, tags), step,
        json(stateJson), List.of(), createdMillis);
  }

  private List<String> ids(SnapshotQuery q) {
    return store.snapshots(q).stream().map(s -> s.runId() + "/" + s.label().name()).toList();
  }

  private static String text(SnapshotRecord s) {
    return s.id() + " " + s.runKey() + " " + s.runId() + " " + s.label() + " " + s.step() + " "
        + StoreFixtures.show(s.state()) + " " + s.createdMillis();
  }
}
