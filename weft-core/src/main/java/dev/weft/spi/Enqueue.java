package dev.weft.spi;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where an enqueued run waits for a worker ({@link Store#enqueue}).
 *
 * @param queue the queue's name
 * @param priority higher runs are claimed first within the queue (default 0)
 * @param dedupId if non-null, at most one run of the queue with this id is unfinished at a time:
 *     enqueueing another while one is returns that one
 */
public record Enqueue(String queue, int priority, @Nullable String dedupId) {
  public Enqueue {
    Objects.requireNonNull(queue, "queue");
  }
}
