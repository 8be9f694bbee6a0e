package dev.weft;

import java.time.Duration;
import java.util.Objects;

/**
 * A named queue of runs that workers take runs from, with limits that hold across all workers
 * sharing the store. Immutable; each method returns a changed copy.
 *
 * <pre>{@code
 * Queue emails = Queue.named("emails").concurrency(10).perWorker(2)
 *     .rate(100, Duration.ofSeconds(1));
 * }</pre>
 *
 * <p>Every worker of a queue must be configured with the same limits: each claim enforces the
 * limits of the worker making it. Limits count runs being executed (held under a live lease),
 * not waiting ones.
 *
 * @param name the queue's name
 * @param concurrency at most this many of its runs execute at once across all workers (0: no
 *     limit)
 * @param perWorker at most this many of its runs execute at once in one worker (0: only the
 *     worker's own concurrency limits it)
 * @param ratePermits at most this many runs are dispatched per {@code ratePeriod} across all
 *     workers (0: no limit); every dispatch counts, including the continuation of a waiting run
 * @param ratePeriod the rate limit's sliding window
 */
public record Queue(String name, int concurrency, int perWorker, int ratePermits,
    Duration ratePeriod) {
  /** The name of the queue runs started without one belong to. */
  public static final String DEFAULT = "default";

  public Queue {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(ratePeriod, "ratePeriod");
    if (name.isBlank() || name.length() > 200) {
      throw new InvalidInputException("queue name must be 1 to 200 characters and not blank,"
          + " got '" + name + "'");
    }
    if (concurrency < 0 || perWorker < 0 || ratePermits < 0) {
      throw new InvalidInputException("queue '" + name + "': limits must not be negative");
    }
    if (ratePermits > 0 && (ratePeriod.isNegative() || ratePeriod.toMillis() < 1)) {
      throw new InvalidInputException("queue '" + name + "': a rate limit needs a period of at"
          + " least 1 ms, got " + ratePeriod);
    }
  }

  /** A queue without limits. */
  public static Queue named(String name) {
    return new Queue(name, 0, 0, 0, Duration.ZERO);
  }

  /** The default queue, without limits. */
  public static Queue defaultQueue() {
    return named(DEFAULT);
  }

  /** Limits the runs of this queue executing at once across all workers. */
  public Queue concurrency(int value) {
    return new Queue(name, value, perWorker, ratePermits, ratePeriod);
  }

  /** Limits the runs of this queue executing at once in one worker. */
  public Queue perWorker(int value) {
    return new Queue(name, concurrency, value, ratePermits, ratePeriod);
  }

  /** Limits dispatches from this queue to {@code permits} per sliding {@code period}. */
  public Queue rate(int permits, Duration period) {
    return new Queue(name, concurrency, perWorker, permits, period);
  }
}
