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
