package dev.weft;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock for tests that only moves when told to. {@link #sleep} advances it instead of waiting,
 * so a retry backoff (or a one-day timer) takes no real time; {@link #sleeps()} records what was
 * waited for.
 */
public final class ManualClock implements WeftClock {
  private final AtomicLong nanos;
  private final List<Duration> sleeps = new ArrayList<>();

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
