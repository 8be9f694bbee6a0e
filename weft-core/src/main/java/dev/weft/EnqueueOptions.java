package dev.weft;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where and how {@link Weft#enqueue} puts a run for workers.
 *
 * @param queue the queue's name (default {@value Queue#DEFAULT})
 * @param priority runs with a higher priority are taken first within their queue (default 0)
 * @param dedupId if set, while a run enqueued in the same queue with the same id has not
 *     finished (completed, failed or cancelled), enqueueing another returns that run instead of
 *     creating one
 */
public record EnqueueOptions(String queue, int priority, @Nullable String dedupId) {
  public EnqueueOptions {
    Objects.requireNonNull(queue, "queue");
    Queue.named(queue); // validates the name
    if (dedupId != null && (dedupId.isBlank() || dedupId.length() > 200)) {
      throw new InvalidInputException("deduplication id must be 1 to 200 characters and not"
          + " blank, got '" + dedupId + "'");
    }
  }

  public static EnqueueOptions defaults() {
    return new EnqueueOptions(Queue.DEFAULT, 0, null);
  }

  public EnqueueOptions withQueue(String value) {
    return new EnqueueOptions(value, priority, dedupId);
  }

  public EnqueueOptions withPriority(int value) {
    return new EnqueueOptions(queue, value, dedupId);
  }

  public EnqueueOptions withDedupId(String value) {
    return new EnqueueOptions(queue, priority, value);
  }
}
