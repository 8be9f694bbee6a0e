package dev.weft;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: the n-th retry waits {@code initial * multiplier^(n-1)},
 * capped at {@code max}, then spread by up to {@code jitter} (a fraction, 0..1) either way.
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {
  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || max.isNegative()) {
      throw new InvalidInputException("backoff delays must not be negative: initial=" + initial
          + ", max=" + max);
    }
    if (max.compareTo(initial) < 0) {
      throw new InvalidInputException("backoff max " + max + " is below initial " + initial);
    }
    if (!(multiplier >= 1.0)) {
      throw new InvalidInputException("backoff multiplier must be >= 1, got " + multiplier);
    }
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new InvalidInputException("backoff jitter must be within 0..1, got " + jitter);
    }
  }

  public static Backoff defaults() {
    return new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), 2.0, 0.2);
  }

  public static Backoff none() {
    return new Backoff(Duration.ZERO, Duration.ZERO, 1.0, 0.0);
  }

  public static Backoff fixed(Duration delay) {
    return new Backoff(delay, delay, 1.0, 0.0);
  }

  public Backoff withInitial(Duration value) {
    return new Backoff(value, max.compareTo(value) < 0 ? value : max, multiplier, jitter);
  }

  public Backoff withMax(Duration value) {
    return new Backoff(initial, value, multiplier, jitter);
  }

  public Backoff withMultiplier(double value) {
    return new Backoff(initial, max, value, jitter);
  }

  public Backoff withJitter(double value) {
    return new Backoff(initial, max, multiplier, value);
  }

  /** The delay before retry number {@code retry} (1 = the first retry). */
  public Duration delay(int retry, RandomGenerator random) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry numbers start at 1, got " + retry);
    }
    double base = initial.toNanos() * Math.pow(multiplier, retry - 1);
    double capped = Math.min(base, max.toNanos());
    double spread = jitter == 0 ? 0 : capped * jitter * (2 * random.nextDouble() - 1);
    long nanos = (long) Math.max(0, Math.min(max.toNanos(), capped + spread));
    return Duration.ofNanos(nanos);
  }
}
