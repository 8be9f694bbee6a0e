package dev.weft.spi;

import java.util.List;
import java.util.Objects;

/**
 * A snapshot to store.
 *
 * @param runKey the run it is of
 * @param label name (unique within the run), description and tags
 * @param step the number of steps the run had committed in {@code state}
 * @param state the state: inline, or a blob that is stored already or carried in {@code blobs}
 * @param blobs blobs {@code state} refers to that may not be stored yet
 * @param createdMillis when it was taken
 */
public record NewSnapshot(long runKey, SnapshotRecord.Label label, long step, Payload state,
    List<Blob> blobs, long createdMillis) {
  public NewSnapshot {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(state, "state");
    blobs = List.copyOf(blobs);
    if (step < 0) {
      throw new IllegalArgumentException("step must not be negative, got " + step);
    }
  }
}
