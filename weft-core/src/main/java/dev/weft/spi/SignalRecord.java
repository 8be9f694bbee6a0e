package dev.weft.spi;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A stored signal of a run. Signals of a run are numbered from 1 in the order they were stored;
 * a run receives the signals of one name in that order, each once.
 *
 * @param seq its number among the run's signals
 * @param name its name
 * @param payload its data (JSON)
 * @param sentMillis when it was sent
 * @param consumedSeq the journal position of the entry that delivered it, or null while pending
 */
public record SignalRecord(long seq, String name, Payload payload, long sentMillis,
    @Nullable Long consumedSeq) {
  public SignalRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(payload, "payload");
  }

  public boolean pending() {
    return consumedSeq == null;
  }
}
