package dev.weft.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A worker's request to claim runnable runs ({@link Store#claimRunnable}): runs of the
 * definitions (at the versions) it has registered, in its queue, that nobody holds or whose
 * holder's lease has expired, and that can make progress now:
 *
 * <ul>
 *   <li>enqueued runs never executed (PENDING) whose time has come;
 *   <li>WAITING runs that are due (their time came or their signal arrived);
 *   <li>PAUSED runs a stopping executor left due for the next one;
 *   <li>RUNNING runs whose executor vanished (its lease expired, or it released the lease
 *       without finishing).
 * </ul>
 *
 * <p>Claims are atomic: two workers never get the same run, and on databases with row locks
 * concurrent claimers skip each other's rows instead of waiting for them.
 *
 * @param owner the claimant's identity
 * @param nowMillis the claimant's current time
 * @param untilMillis the lease expiry to set on claimed runs
 * @param definitions the definitions the claimant executes: name to version
 * @param queue the queue to claim from, and its limits
 * @param limit at most this many runs (the claimant's free slots)
 */
public record Dispatch(String owner, long nowMillis, long untilMillis,
    Map<String, Integer> definitions, Limits queue, int limit) {
  /** The queue runs started without one belong to. */
  public static final String DEFAULT_QUEUE = "default";

  public Dispatch {
    Objects.requireNonNull(owner, "owner");
    definitions = Map.copyOf(definitions);
    Objects.requireNonNull(queue, "queue");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + limit);
    }
  }

  /**
   * A queue and its limits across all workers, enforced inside the claim's transaction.
   *
   * @param name the queue
   * @param concurrency at most this many of its runs held at once by all workers (0: no limit)
   * @param ratePermits at most this many claims from it per {@code ratePeriodMillis} (0: no
   *     limit)
   * @param ratePeriodMillis the rate limit's sliding window
   */
  public record Limits(String name, int concurrency, int ratePermits, long ratePeriodMillis) {
    public Limits {
      Objects.requireNonNull(name, "name");
      if (concurrency < 0 || ratePermits < 0 || ratePeriodMillis < 0) {
        throw new IllegalArgumentException("queue limits must not be negative");
      }
      if (ratePermits > 0 && ratePeriodMillis <= 0) {
        throw new IllegalArgumentException("a rate limit needs a positive period");
      }
    }

    /** A queue without limits. */
    public static Limits none(String name) {
      return new Limits(name, 0, 0, 0);
    }

    /** Whether runs started outside any queue belong here: those of the default queue. */
    public boolean takesUnqueued() {
      return name.equals(DEFAULT_QUEUE);
    }
  }

  /**
   * What a claim got.
   *
   * @param granted the runs now held by the claimant, each at its new epoch
   * @param rateLimitedUntil if the queue's rate limit is used up, when the next claim may get a
   *     run; 0 otherwise
   */
  public record Result(List<Claim.Granted> granted, long rateLimitedUntil) {
    public Result {
      granted = List.copyOf(granted);
    }

    public static Result none() {
      return new Result(List.of(), 0);
    }
  }
}
