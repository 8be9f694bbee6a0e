package dev.weft;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock for tests that only moves when told to. {@link #sleep} advances it instead of waiting,
 * so a retry backoff takes no real time; {@link #sleeps()} records what was waited for. Moving
 * it with {@link #advance} wakes Weft's scheduler, so a one-day timer fires as soon as a test
 * advances the clock by a day.
 */
public final class ManualClock implements WeftClock {
  private final AtomicLong nanos;
  private final List<Duration> sleeps = new ArrayList<>();
  /** Monitors of threads in {@link #waitOn}, notified whenever time moves. */
  private final List<Object> waiters = new CopyOnWriteArrayList<>();

  public ManualClock(Instant start) {
    this.nanos = new AtomicLong(start.getEpochSecond() * 1_000_000_000L + start.getNano());
  }

  /** A manual clock at 2030-01-01T00:00:00Z. */
  public ManualClock() {
    this(Instant.parse("2030-01-01T00:00:00Z"));
  }

  @Override
  public Instant instant() {
    long n = nanos.get();
    return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L),
        Math.floorMod(n, 1_000_000_000L));
  }

  /** Moves time forward. */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a clock cannot go back: " + duration);
    }
    nanos.addAndGet(duration.toNanos());
    for (Object monitor : waiters) {
      synchronized (monitor) {
        monitor.notifyAll();
      }
    }
  }

  /**
   * Waits until notified, until {@link #advance} moves this clock to {@code untilMillis}, or
   * until {@code atMost} of real time has passed.
   */
  @Override
  public void waitOn(Object monitor, long untilMillis, Duration atMost)
      throws InterruptedException {
    // Registered before time is read: an advance after the check finds the monitor and must
    // take its lock to notify, which it gets only once this thread is waiting.
    waiters.add(monitor);
    try {
      if (millis() < untilMillis && !atMost.isZero() && !atMost.isNegative()) {
        monitor.wait(Math.max(1, atMost.toMillis()));
      }
    } finally {
      waiters.remove(monitor);
    }
  }

  @Override
  public void sleep(Duration duration) {
    synchronized (sleeps) {
      sleeps.add(duration);
    }
    if (!duration.isNegative()) {
      advance(duration);
    }
  }

  /** Every duration passed to {@link #sleep}, in order. */
  public List<Duration> sleeps() {
    synchronized (sleeps) {
      return List.copyOf(sleeps);
    }
  }
}
