package dev.weft.spi;

import java.util.List;
import java.util.Objects;

/**
 * A signal to store for a run.
 *
 * @param runId the run it is for
 * @param name its name: the wait key it answers
 * @param payload its data (JSON), inline or a blob carried in {@code blobs}
 * @param blobs blobs the payload refers to
 * @param sentMillis when it was sent (the sender's clock)
 * @param onlyIfAwaited refuse it unless the run is WAITING for {@code name} right now and no
 *     signal for that name is pending yet (answering one specific wait, as {@code respond} does)
 * @param interrupts make a WAITING run due now whatever it waits for (a cancellation, which
 *     the run's own code looks for when it is resumed); the run's wait is left as it is
 */
public record NewSignal(String runId, String name, Payload payload, List<Blob> blobs,
    long sentMillis, boolean onlyIfAwaited, boolean interrupts) {
  public NewSignal {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(payload, "payload");
    blobs = List.copyOf(blobs);
    if (onlyIfAwaited && interrupts) {
      throw new IllegalArgumentException("a signal that answers one wait does not interrupt");
    }
  }

  /** A signal that wakes the run only if it waits for {@code name}. */
  public NewSignal(String runId, String name, Payload payload, List<Blob> blobs,
      long sentMillis, boolean onlyIfAwaited) {
    this(runId, name, payload, blobs, sentMillis, onlyIfAwaited, false);
  }
}
