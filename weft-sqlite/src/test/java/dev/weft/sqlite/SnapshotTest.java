package dev.weft.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ForkPoint;
import dev.weft.InvalidInputException;
import dev.weft.JournalEntry;
import dev.weft.ManualClock;
import dev.weft.RunNotFoundException;
import dev.weft.RunOptions;
import dev.weft.Snapshot;
import dev.weft.SnapshotNotFoundException;
import dev.weft.SnapshotOptions;
import dev.weft.Weft;
import dev.weft.spi.SnapshotQuery;
import dev.weft.spi.jdbc.JdbcStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots: what they copy, how they are found, and what they refuse. */
class SnapshotTest {
  @TempDir Path dir;
  ManualClock clock = new ManualClock();
  Weft weft;

  static final Steps SIX = new Steps((ctx, s) -> "s" + ctx.step());

  @BeforeEach
  void open() {
    weft = Weft.builder().url(Fixture.url(dir)).clock(clock).build();
    weft.register(SIX);
  }

  @AfterEach
  void close() {
    weft.close();
  }

  private static Steps.State state(int done) {
    List<String> log = java.util.stream.IntStream.range(0, done).mapToObj(i -> "s" + i)
        .toList();
    return new Steps.State(done, 6, log);
  }

  @Test
  void aSnapshotOfTheCurrentStateRecordsItsNameDescriptionTagsAndStep() {
    weft.run(SIX, "r", new Steps.Input(6), RunOptions.defaults().withMaxSteps(4));
    Instant now = clock.instant();
    Snapshot s = weft.snapshots().create("r", "four", SnapshotOptions.defaults()
        .withDescription("before the risky part").withTags("gold", "exp-1"));
    assertEquals(new Snapshot("r", "four", "before the risky part", List.of("gold", "exp-1"),
        4, weft.get("r").state(), now), s);
    assertEquals(state(4), s.state(Steps.State.class));
    assertEquals(s, weft.snapshots().get("r", "four"));
    assertEquals(s, weft.snapshots().get("four"));
  }

  @Test
  void aSnapshotAtAStepCopiesTheStateTheJournalKeptThere() {
    weft.run(SIX, "r", new Steps.Input(6));
    for (int step = 0; step <= 6; step++) {
      Snapshot s = weft.snapshots().create("r", "at-" + step,
          SnapshotOptions.defaults().withAtStep((long) step));
      assertEquals(step, s.step());
      assertEquals(state(step), s.state(Steps.State.class), "step " + step);
    }
    JournalEntry third = Fixture.history(weft, "r").stream()
        .filter(e -> e.kind().equals("STEP_COMMITTED") && e.step() == 2).findFirst()
        .orElseThrow();
    assertEquals(third.data(), weft.snapshots().get("r", "at-3").state());
  }

  @Test
  void theCurrentStateOfACompletedRunIsTheOneItsLastStepBeganWith() {
    weft.run(SIX, "r", new Steps.Input(6));
    Snapshot s = weft.snapshots().create("r", "end");
    assertEquals(6, s.step());
    assertEquals(state(6), s.state(Steps.State.class));
  }

  @Test
  void takingASnapshotWritesNothingToTheRunEvenWhileAnotherExecutorHoldsIt() {
    weft.run(SIX, "r", new Steps.Input(6), RunOptions.defaults().withMaxSteps(3));
    var held = Fixture.holdAs(weft, "r", "someone-else/1/1/1", Long.MAX_VALUE);
    weft.snapshots().create("r", "mid", SnapshotOptions.defaults().withAtStep(1L));
    weft.snapshots().create("r", "now");
    var after = weft.store().find("r").orElseThrow();
    assertEquals(held.lease(), after.lease());
    assertEquals(held.chain().count(), after.chain().count());
    assertEquals(held.updatedMillis(), after.updatedMillis());
    assertTrue(weft.inspector().verify("r").intact());
  }

  @Test
  void snapshotsAreFoundByRunNameAndTagNewestFirst() {
    weft.run(SIX, "a", new Steps.Input(6));
    weft.run(SIX, "b", new Steps.Input(6));
    take("a", "v1", "gold");
    take("b", "v1");
    take("a", "v2", "gold", "x");
    take("b", "v2", "x");
    assertEquals(List.of("b/v2", "a/v2", "b/v1", "a/v1"), names(SnapshotQuery.all()));
    assertEquals(List.of("a/v2", "a/v1"), names(SnapshotQuery.all().withRunId("a")));
    assertEquals(List.of("b/v1", "a/v1"), names(SnapshotQuery.all().withName("v1")));
    assertEquals(List.of("a/v2", "a/v1"), names(SnapshotQuery.all().withTag("gold")));
    assertEquals(List.of("b/v2"), names(SnapshotQuery.all().withTag("x").withRunId("b")));
    assertEquals(List.of("a/v2", "b/v1"), names(SnapshotQuery.all().page(1, 2)));
    InvalidInputException ambiguous = assertThrows(InvalidInputException.class,
        () -> weft.snapshots().get("v1"));
    assertEquals("snapshots named 'v1' exist in 2 runs ('b', 'a'); name the run too",
        ambiguous.getMessage());
  }

  private void take(String run, String name, String... tags) {
    clock.advance(Duration.ofSeconds(1));
    weft.snapshots().create(run, name, SnapshotOptions.defaults().withTags(tags));
  }

  private List<String> names(SnapshotQuery q) {
    return weft.snapshots().list(q).stream().map(s -> s.runId() + "/" + s.name()).toList();
  }

  @Test
  void aLargeStateIsKeptAsABlobAndForksLikeAnyOther() {
    weft.close();
    weft = Weft.builder().url(Fixture.url(dir)).clock(clock).inlineLimit(16).build();
    weft.register(SIX);
    weft.run(SIX, "r", new Steps.Input(6));
    Snapshot initial = weft.snapshots().create("r", "zero",
        SnapshotOptions.defaults().withAtStep(0L));
    Snapshot mid = weft.snapshots().create("r", "three",
        SnapshotOptions.defaults().withAtStep(3L));
    assertEquals(state(0), initial.state(Steps.State.class));
    assertEquals(state(3), mid.state(Steps.State.class));
    weft.fork("r", ForkPoint.snapshot("zero"), "f0");
    weft.fork("r", ForkPoint.snapshot("three"), "f3");
    assertEquals(weft.get("r").result(), weft.resume("f0").result());
    assertEquals(weft.get("r").result(), weft.resume("f3").result());
    assertTrue(weft.inspector().verify("f3").intact());
  }

  // ---- bad input: a clear error, nothing written ----

  private List<Long> rows() {
    JdbcStore s = (JdbcStore) weft.store();
    return List.of(s.countRows("weft_snapshots"), s.countRows("weft_snapshot_tags"),
        s.countRows("weft_blobs"), s.countRows("weft_journal"));
  }

  private void refused(Class<? extends Throwable> type, String message, Executable create) {
    List<Long> before = rows();
    Throwable e = assertThrows(type, create);
    assertEquals(message, e.getMessage());
    assertEquals(before, rows(), "nothing written");
  }

  @Test
  void badSnapshotsAreRefusedWithClearErrorsAndWriteNothing() {
    weft.run(SIX, "r", new Steps.Input(6));
    weft.snapshots().create("r", "taken", SnapshotOptions.defaults().withTags("t"));
    refused(InvalidInputException.class, "run 'r' already has a snapshot named 'taken'; choose"
        + " another name", () -> weft.snapshots().create("r", "taken",
            SnapshotOptions.defaults().withTags("other")));
    refused(RunNotFoundException.class, "run 'ghost' does not exist in this store",
        () -> weft.snapshots().create("ghost", "x"));
    refused(InvalidInputException.class, "snapshot name must not be blank",
        () -> weft.snapshots().create("r", "  "));
    refused(InvalidInputException.class, "snapshot name is 201 characters; at most 200 are"
        + " allowed", () -> weft.snapshots().create("r", "n".repeat(201)));
    refused(InvalidInputException.class, "snapshot name must not contain control characters",
        () -> weft.snapshots().create("r", "a\nb"));
    refused(InvalidInputException.class, "step 7 is out of range for run 'r': it has states at"
        + " steps 0..6 (the step after 6 completed it)", () -> weft.snapshots().create("r", "x",
            SnapshotOptions.defaults().withAtStep(7L)));
  }

  @Test
  void badOptionsAreRefusedWhenTheyAreMade() {
    assertEquals("tag 'a' is given twice", assertThrows(InvalidInputException.class,
        () -> SnapshotOptions.defaults().withTags("a", "b", "a")).getMessage());
    assertEquals("tag must not be blank", assertThrows(InvalidInputException.class,
        () -> SnapshotOptions.defaults().withTags("")).getMessage());
    assertEquals("snapshot description is 2001 characters; at most 2000 are allowed",
        assertThrows(InvalidInputException.class, () -> SnapshotOptions.defaults()
            .withDescription("d".repeat(2001))).getMessage());
    assertEquals("step must not be negative, got -2", assertThrows(InvalidInputException.class,
        () -> SnapshotOptions.defaults().withAtStep(-2L)).getMessage());
  }

  @Test
  void unknownSnapshotsAreNotFound() {
    weft.run(SIX, "r", new Steps.Input(1));
    assertEquals("run 'r' has no snapshot named 'x'; see weft snapshot list --run-id r",
        assertThrows(SnapshotNotFoundException.class, () -> weft.snapshots().get("r", "x"))
            .getMessage());
    assertEquals("no run has a snapshot named 'x'; see weft snapshot list",
        assertThrows(SnapshotNotFoundException.class, () -> weft.snapshots().get("x"))
            .getMessage());
    assertThrows(RunNotFoundException.class, () -> weft.snapshots().get("ghost", "x"));
    assertNull(weft.get("r").definition().forkedFrom());
  }
}
