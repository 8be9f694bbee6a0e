package dev.weft;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Weft's source of time, and its way of waiting. Production uses {@link #system()}; tests use a
 * {@link ManualClock}, whose waits advance time instead of sleeping.
 */
public interface WeftClock extends InstantSource {
  /** Waits for {@code duration} of this clock's time. */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * Waits on {@code monitor}, whose lock the caller holds (as with {@link Object#wait}), until it
   * is notified, until this clock reads {@code untilMillis} or later, or until {@code atMost} of
   * real time has passed, whichever comes first. Wake-ups may be spurious: callers re-check.
   * Weft's scheduler sleeps this way; a {@link ManualClock} wakes such waiters when it is
   * advanced, so a test that moves time sees timers fire at once.
   */
  default void waitOn(Object monitor, long untilMillis, Duration atMost)
      throws InterruptedException {
    long wait = Math.min(untilMillis - millis(), atMost.toMillis());
    if (wait > 0) {
      monitor.wait(wait);
    }
  }

  /** The system clock with real sleeping. */
  static WeftClock system() {
    return of(InstantSource.system());
  }

  /** A clock reading {@code source} and sleeping in real time. */
  static WeftClock of(InstantSource source) {
    return new WeftClock() {
      @Override
      public Instant instant() {
        return source.instant();
      }

      @Override
      public long millis() {
        return source.millis();
      }

      @Override
      public void sleep(Duration duration) throws InterruptedException {
        if (!duration.isNegative() && !duration.isZero()) {
          Thread.sleep(duration);
        }
      }
    };
  }
}
