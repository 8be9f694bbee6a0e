package dev.weft.spi;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A stored snapshot: a copy of a run's state at a committed step, under a name unique within
 * the run.
 *
 * @param id the store's key for the snapshot
 * @param runKey the store key of the run it was taken of
 * @param runId that run's id
 * @param label name, description and tags
 * @param step the number of steps the run had committed in that state (a run forked from it
 *     executes step {@code step} next)
 * @param state the state
 * @param createdMillis when the snapshot was taken, epoch milliseconds
 */
public record SnapshotRecord(long id, long runKey, String runId, Label label, long step,
    Payload state, long createdMillis) {
  public SnapshotRecord {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(state, "state");
  }

  /**
   * What a person gives a snapshot to find it again.
   *
   * @param name unique within the run
   * @param description free text, if any
   * @param tags distinct tags, in the order given
   */
  public record Label(String name, @Nullable String description, List<String> tags) {
    public Label {
      Objects.requireNonNull(name, "name");
      tags = List.copyOf(tags);
      if (tags.stream().distinct().count() != tags.size()) {
        throw new IllegalArgumentException("tags must be distinct: " + tags);
      }
    }
  }
}
