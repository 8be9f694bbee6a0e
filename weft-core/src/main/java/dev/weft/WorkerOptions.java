package dev.weft;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Worker} takes runs.
 *
 * @param concurrency runs executing at once in this worker, at most (default 16)
 * @param queue the queue it takes runs from, with the queue's limits (default: the default
 *     queue, which also holds runs started without a queue)
 * @param poll how often it looks for runnable runs when nothing told it to look sooner
 *     (default 1 s; on PostgreSQL, LISTEN/NOTIFY tells it at once, and the poll only covers
 *     leases that expire and lost notices)
 * @param drain on {@link Worker#close}, how long runs under way may take to reach their next
 *     step boundary before their leases are released anyway (default 30 s)
 */
public record WorkerOptions(int concurrency, Queue queue, Duration poll, Duration drain) {
  public WorkerOptions {
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(poll, "poll");
    Objects.requireNonNull(drain, "drain");
    if (concurrency < 1 || concurrency > 100_000) {
      throw new InvalidInputException("worker concurrency must be 1 to 100000, got "
          + concurrency);
    }
    if (poll.toMillis() < 10) {
      throw new InvalidInputException("worker poll interval must be at least 10 ms, got "
          + poll);
    }
    if (drain.isNegative()) {
      throw new InvalidInputException("worker drain time must not be negative, got " + drain);
    }
  }

  public static WorkerOptions defaults() {
    return new WorkerOptions(16, Queue.defaultQueue(), Duration.ofSeconds(1),
        Duration.ofSeconds(30));
  }

  public WorkerOptions withConcurrency(int value) {
    return new WorkerOptions(value, queue, poll, drain);
  }

  public WorkerOptions withQueue(Queue value) {
    return new WorkerOptions(concurrency, value, poll, drain);
  }

  public WorkerOptions withPoll(Duration value) {
    return new WorkerOptions(concurrency, queue, value, drain);
  }

  public WorkerOptions withDrain(Duration value) {
    return new WorkerOptions(concurrency, queue, poll, value);
  }

  /** Runs this worker executes at once: its concurrency, or its queue's per-worker limit. */
  public int slots() {
    return queue.perWorker() > 0 ? Math.min(concurrency, queue.perWorker()) : concurrency;
  }
}
