package dev.weft.spi;

import java.util.Objects;

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
 */
public record JournalRecord(long seq, EntryKind kind, long step, long atMillis, Payload payload,
    byte[] hash) {
  public JournalRecord {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(hash, "hash");
  }
}
