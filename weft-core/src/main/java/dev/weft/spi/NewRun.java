package dev.weft.spi;

import dev.weft.spi.RunRecord.RunHeader;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A run to create, with its first journal entries and, optionally, already claimed by an
 * executor (so creating and claiming take one transaction). A run created unclaimed is PENDING;
 * one created claimed is RUNNING, its executor about to make the first attempt.
 *
 * @param runId the caller-chosen id
 * @param header definition, version, creation time, parent
 * @param state the initial state
 * @param entries the first journal entries (at least the start entry)
 * @param chain the chain head after {@code entries}
 * @param blobs blobs the entries or state refer to
 * @param owner if non-null, the run is created held by this owner until {@code leaseUntil}
 * @param leaseUntilMillis lease expiry when {@code owner} is set
 * @param steps the steps the run begins with: 0, or for a fork the step it continues from
 */
public record NewRun(String runId, RunHeader header, Payload state, List<JournalRecord> entries,
    ChainHead chain, List<Blob> blobs, @Nullable String owner, long leaseUntilMillis,
    long steps) {
  public NewRun {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(state, "state");
    entries = List.copyOf(entries);
    blobs = List.copyOf(blobs);
    Objects.requireNonNull(chain, "chain");
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a new run needs its start entry");
    }
    if (steps < 0) {
      throw new IllegalArgumentException("steps must not be negative, got " + steps);
    }
  }

  /** A run that begins at step 0. */
  public NewRun(String runId, RunHeader header, Payload state, List<JournalRecord> entries,
      ChainHead chain, List<Blob> blobs, @Nullable String owner, long leaseUntilMillis) {
    this(runId, header, state, entries, chain, blobs, owner, leaseUntilMillis, 0);
  }
}
