package dev.weft.internal;

import dev.weft.WeftClock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * When a polling loop (the scheduler, a worker) should look again: other threads ask for a look
 * by a time ({@link #wakeAt}) or at once ({@link #poke}); the loop forgets earlier requests as it
 * starts a look ({@link #looking}) and then sleeps until its own next time or the earliest
 * request since, whichever comes first.
 */
final class WakeUps {
  private final Object monitor = new Object();
  /** The earliest look asked for since the loop last looked; guarded by monitor. */
  private long requested = Long.MAX_VALUE;

  /** Look again no later than {@code millis}. */
  void wakeAt(long millis) {
    synchronized (monitor) {
      if (millis < requested) {
        requested = millis;
        monitor.notifyAll();
      }
    }
  }

  /** Look again now. */
  void poke() {
    wakeAt(Long.MIN_VALUE);
  }

  /**
   * The loop starts a look: whatever is committed from here on either shows in it or asks for
   * another look.
   */
  void looking() {
    synchronized (monitor) {
      requested = Long.MAX_VALUE;
    }
  }

  /**
   * Sleeps until {@code until} or an earlier request, at most {@code poll} of real time between
   * checks of the clock, and not at all if the time has come or {@code stopped}.
   */
  void sleepUntil(WeftClock clock, long until, Duration poll, BooleanSupplier stopped)
      throws InterruptedException {
    synchronized (monitor) {
      long at = Math.min(until, requested);
      if (!stopped.getAsBoolean() && at > clock.millis()) {
        requested = at;
        clock.waitOn(monitor, at, poll);
      }
    }
  }

  /** Sleeps {@code d} of real time after an error, or until woken; false if interrupted. */
  boolean pause(Duration d) {
    synchronized (monitor) {
      try {
        monitor.wait(Math.max(1, d.toMillis()));
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** Wakes the loop (it is stopping). */
  void wakeAll() {
    synchronized (monitor) {
      monitor.notifyAll();
    }
  }
}
