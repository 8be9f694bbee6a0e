package dev.weft.spi;

import org.jspecify.annotations.Nullable;

/**
 * The part of a commit that wakes a waiting run: the journal entry recording what woke it (which
 * the run row remembers, so that a resume of the woken step sees the same wake) and, for a
 * signal, the signal it consumes. Consuming is part of the commit, so a signal is delivered
 * exactly once: the store refuses the commit if the signal was already consumed.
 *
 * @param entrySeq the journal position of the entry that records the wake (in the same commit)
 * @param signalSeq the consumed signal's sequence number, or null for a timer
 */
public record Wakeup(long entrySeq, @Nullable Long signalSeq) {
  public Wakeup {
    if (entrySeq < 1) {
      throw new IllegalArgumentException("entry positions start at 1, got " + entrySeq);
    }
  }
}
