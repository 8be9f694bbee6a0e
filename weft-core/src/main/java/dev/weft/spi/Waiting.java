package dev.weft.spi;

import org.jspecify.annotations.Nullable;

/**
 * What a WAITING run waits for, as the store indexes it: a signal name (its wait key), a time, or
 * both (a signal with a timeout). The store makes a run due ({@code wakeAtMillis} no later than
 * the signal's time) when a signal for its key is pending, whether it was sent before or after
 * the run began to wait; see {@link Store#due}.
 *
 * @param key the signal name the run waits for, or null for a pure timer
 * @param wakeAtMillis when the run is due without a signal (a timer or a timeout), or null
 */
public record Waiting(@Nullable String key, @Nullable Long wakeAtMillis) {
  public Waiting {
    if (key == null && wakeAtMillis == null) {
      throw new IllegalArgumentException("a wait needs a key, a time or both");
    }
  }

  /** A run paused at shutdown by a background execution: due at once for the next worker. */
  public static Waiting dueAt(long millis) {
    return new Waiting(null, millis);
  }
}
