package dev.weft.spi;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One stored journal entry of a run. Entries are appended and never changed; {@code hash} is the
 * first 16 bytes of this entry's link in the run's hash chain (see docs/journal-format.md).
 *
 * @param seq 1-based position in the run's journal
 * @param kind what happened
 * @param step the step the entry belongs to (0-based)
 * @param atMillis when it was recorded, in epoch milliseconds
 * @param payload the entry's data (JSON), possibly empty
 * @param hash the truncated chain link
 * @param attempt for a {@code STEP_COMMITTED} entry, the attempt that committed the step (its
 *     number and start; it ended at {@code atMillis}); null where the checkpoint policy does not
 *     record successful attempts and for other kinds
 */
public record JournalRecord(long seq, EntryKind kind, long step, long atMillis, Payload payload,
    byte[] hash, @Nullable Stamp attempt) {
  public JournalRecord {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(hash, "hash");
  }

  /** An entry that records no attempt. */
  public JournalRecord(long seq, EntryKind kind, long step, long atMillis, Payload payload,
      byte[] hash) {
    this(seq, kind, step, atMillis, payload, hash, null);
  }

  /**
   * The successful attempt recorded in the entry that commits a step: a step's successful
   * attempt needs no row of its own.
   */
  public record Stamp(int attempt, long startedMillis) {
    public Stamp {
      if (attempt < 1) {
        throw new IllegalArgumentException("attempt numbers start at 1, got " + attempt);
      }
    }
  }
}
