package dev.weft.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CheckpointPolicy;
import dev.weft.ForkPoint;
import dev.weft.InvalidInputException;
import dev.weft.LoopOptions;
import dev.weft.ManualClock;
import dev.weft.RunNotFoundException;
import dev.weft.SnapshotNotFoundException;
import dev.weft.SnapshotOptions;
import dev.weft.Weft;
import dev.weft.spi.jdbc.JdbcStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** A fork that cannot be made is a clear error, and nothing is written. */
class ForkErrorsTest {
  @TempDir Path dir;
  Weft weft;

  /** Ten steps keeping every third state: states at steps 0, 1, 4, 7 and 10 are journaled. */
  static final Steps SPARSE = new Steps((ctx, s) -> "s" + ctx.step())
      .withOptions(LoopOptions.defaults().withCheckpoint(CheckpointPolicy.interval(3)));

  @BeforeEach
  void open() {
    weft = Weft.builder().url(Fixture.url(dir)).clock(new ManualClock()).build();
    weft.run(SPARSE, "orig", new Steps.Input(10));
    weft.run(SPARSE, "other", new Steps.Input(2));
    weft.snapshots().create("orig", "snap");
  }

  @AfterEach
  void close() {
    weft.close();
  }

  private List<Long> rows() {
    JdbcStore s = (JdbcStore) weft.store();
    return List.of(s.countRows("weft_runs"), s.countRows("weft_journal"),
        s.countRows("weft_blobs"), s.countRows("weft_snapshots"));
  }

  private <T extends Throwable> T refused(Class<T> type, String message, Executable fork) {
    List<Long> before = rows();
    T e = assertThrows(type, fork);
    assertEquals(message, e.getMessage());
    assertEquals(before, rows(), "nothing written");
    return e;
  }

  @Test
  void anUnknownRunIsRunNotFound() {
    refused(RunNotFoundException.class, "run 'ghost' does not exist in this store",
        () -> weft.fork("ghost", ForkPoint.atStep(1), "new"));
  }

  @Test
  void anUnknownSnapshotIsSnapshotNotFound() {
    refused(SnapshotNotFoundException.class, "run 'orig' has no snapshot named 'nope'; see weft"
        + " snapshot list --run-id orig", () -> weft.fork("orig", ForkPoint.snapshot("nope"),
            "new"));
  }

  @Test
  void aSnapshotOfAnotherRunIsNotFoundInThisOne() {
    refused(SnapshotNotFoundException.class, "run 'other' has no snapshot named 'snap'; see weft"
        + " snapshot list --run-id other", () -> weft.fork("other", ForkPoint.snapshot("snap"),
            "new"));
  }

  @Test
  void anExistingNewRunIdIsRefused() {
    refused(InvalidInputException.class, "run 'other' already exists; a fork needs a new run id",
        () -> weft.fork("orig", ForkPoint.atStep(1), "other"));
    refused(InvalidInputException.class, "run 'orig' already exists; a fork needs a new run id",
        () -> weft.fork("orig", ForkPoint.atStep(1), "orig"));
  }

  @Test
  void aStepOutOfRangeNamesTheRangeThereIs() {
    refused(InvalidInputException.class, "step 11 is out of range for run 'orig': it has states"
        + " at steps 0..10 (the step after 10 completed it)",
        () -> weft.fork("orig", ForkPoint.atStep(11), "new"));
  }

  @Test
  void aStepBeforeAForkBeganIsOutOfRangeForTheFork() {
    weft.fork("orig", ForkPoint.atStep(4), "f1");
    refused(InvalidInputException.class, "step 3 is out of range for run 'f1': it has states at"
        + " steps 4..4; it was forked at step 4 from run 'orig'",
        () -> weft.fork("f1", ForkPoint.atStep(3), "f2"));
  }

  @Test
  void aStepWhoseStateWasNotKeptSaysWhichStepsToUseInstead() {
    InvalidInputException e = refused(InvalidInputException.class, "the state of run 'orig' at"
        + " step 3 was not kept: the run's checkpoint policy journals only some states. Use a"
        + " step whose STEP_COMMITTED entry (step - 1) holds a state (weft history --run-id"
        + " orig), step 0, or the current step 10",
        () -> weft.fork("orig", ForkPoint.atStep(3), "new"));
    assertTrue(e.getMessage().contains("step 3"));
    for (long kept : List.of(0L, 1L, 4L, 7L, 10L)) {
      assertEquals(kept, weft.fork("orig", ForkPoint.atStep(kept), "at-" + kept).steps());
    }
  }

  @Test
  void badPointsAndIdsAreRefusedBeforeAnythingIsRead() {
    refused(InvalidInputException.class, "step must not be negative, got -1",
        () -> weft.fork("orig", ForkPoint.atStep(-1), "new"));
    refused(InvalidInputException.class, "run id must not be blank",
        () -> weft.fork("orig", ForkPoint.atStep(1), " "));
    refused(InvalidInputException.class, "snapshot name must not be blank",
        () -> weft.fork("orig", ForkPoint.snapshot(""), "new"));
  }

  @Test
  void aSnapshotAtAStepWhoseStateWasNotKeptIsRefusedToo() {
    refused(InvalidInputException.class, "the state of run 'orig' at step 5 was not kept: the"
        + " run's checkpoint policy journals only some states. Use a step whose STEP_COMMITTED"
        + " entry (step - 1) holds a state (weft history --run-id orig), step 0, or the current"
        + " step 10", () -> weft.snapshots().create("orig", "five",
            SnapshotOptions.defaults().withAtStep(5L)));
  }
}
