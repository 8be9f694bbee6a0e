package dev.weft.spi;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything one atomic change of a run writes: journal entries, the run's new columns and chain
 * head, attempt records, tool call rows and blobs. The store applies all of it in one
 * transaction, or none of it if the run's lease epoch or journal length is no longer what the
 * committer saw.
 *
 * @param runKey the run's store key
 * @param runId the run's id (for messages)
 * @param expectedEpoch the lease epoch the committer holds; the commit fails if it changed
 * @param expectedCount the journal length the committer saw; the commit fails if it changed
 * @param entries journal entries to append, numbered from {@code expectedCount + 1}
 * @param chain the chain head after {@code entries}
 * @param update the run's new mutable columns
 * @param attempts attempt records to insert (a (step, attempt) already recorded is refused)
 * @param toolCalls tool call rows to insert or replace (by key)
 * @param blobs blobs the entries or the state refer to
 * @param flush whether the commit must be on stable storage before it is acknowledged
 * @param wakeup if the commit wakes a waiting run: the entry recording the wake and the signal
 *     it consumes (refused if that signal was consumed already)
 */
public record Commit(long runKey, String runId, long expectedEpoch, long expectedCount,
    List<JournalRecord> entries, ChainHead chain, RunUpdate update, List<AttemptRecord> attempts,
    List<ToolCallRow> toolCalls, List<Blob> blobs, boolean flush, @Nullable Wakeup wakeup) {
  public Commit {
    Objects.requireNonNull(runId, "runId");
    entries = List.copyOf(entries);
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(update, "update");
    attempts = List.copyOf(attempts);
    toolCalls = List.copyOf(toolCalls);
    blobs = List.copyOf(blobs);
    if (chain.count() != expectedCount + entries.size()) {
      throw new IllegalArgumentException("chain count " + chain.count() + " does not match "
          + expectedCount + " + " + entries.size() + " entries");
    }
    if (wakeup != null && (update.progressOnly() || wakeup.entrySeq() <= expectedCount
        || wakeup.entrySeq() > chain.count())) {
      throw new IllegalArgumentException("a wakeup must name an entry of its own commit and"
          + " come with a full update");
    }
  }

  /** A commit that wakes nothing. */
  public Commit(long runKey, String runId, long expectedEpoch, long expectedCount,
      List<JournalRecord> entries, ChainHead chain, RunUpdate update, List<AttemptRecord> attempts,
      List<ToolCallRow> toolCalls, List<Blob> blobs, boolean flush) {
    this(runKey, runId, expectedEpoch, expectedCount, entries, chain, update, attempts, toolCalls,
        blobs, flush, null);
  }
}
