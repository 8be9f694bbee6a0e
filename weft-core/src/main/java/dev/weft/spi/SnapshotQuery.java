package dev.weft.spi;

import dev.weft.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * A filter and page over snapshots of every run, newest first. Filters combine with AND.
 *
 * @param runId only snapshots of this run (null = any run)
 * @param name only snapshots with this name (null = any)
 * @param tag only snapshots carrying this tag (null = any)
 * @param offset rows to skip
 * @param limit rows to return at most
 */
public record SnapshotQuery(@Nullable String runId, @Nullable String name, @Nullable String tag,
    long offset, int limit) {
  public SnapshotQuery {
    if (offset < 0) {
      throw new InvalidInputException("offset must not be negative, got " + offset);
    }
    if (limit < 1 || limit > 10_000) {
      throw new InvalidInputException("limit must be within 1..10000, got " + limit);
    }
  }

  public static SnapshotQuery all() {
    return new SnapshotQuery(null, null, null, 0, 100);
  }

  public SnapshotQuery withRunId(@Nullable String value) {
    return new SnapshotQuery(value, name, tag, offset, limit);
  }

  public SnapshotQuery withName(@Nullable String value) {
    return new SnapshotQuery(runId, value, tag, offset, limit);
  }

  public SnapshotQuery withTag(@Nullable String value) {
    return new SnapshotQuery(runId, name, value, offset, limit);
  }

  public SnapshotQuery page(long newOffset, int newLimit) {
    return new SnapshotQuery(runId, name, tag, newOffset, newLimit);
  }
}
