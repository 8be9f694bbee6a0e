package dev.weft.spi;

import java.util.List;
import java.util.Optional;

/**
 * The part of a {@link Store} that keeps snapshots, and the read of past states that snapshots
 * and forks are taken from. Snapshots live beside runs: saving one never touches the run's row
 * or journal, so it needs no lease and cannot disturb a run that is executing.
 */
public interface SnapshotStore {
  /**
   * Stores a snapshot (and the blobs it carries) atomically.
   *
   * @return false, writing nothing, if the run already has a snapshot with this name
   * @throws dev.weft.RunNotFoundException if the run does not exist; nothing written
   */
  boolean saveSnapshot(NewSnapshot snapshot);

  /** The snapshot of a run with this name. */
  Optional<SnapshotRecord> snapshot(long runKey, String name);

  /** Snapshots matching the query, newest first (by creation time, then by store key). */
  List<SnapshotRecord> snapshots(SnapshotQuery query);

  /**
   * The {@code STEP_COMMITTED} entry of step {@code step} of a run (its payload is empty where
   * the checkpoint policy did not keep that step's state), if the run committed that step.
   */
  Optional<JournalRecord> committedStep(long runKey, long step);
}
