package dev.weft;

import dev.weft.internal.WorkerLoop;
import java.util.Objects;

/**
 * A worker: takes runnable runs of the definitions registered on its {@link Weft} from one
 * queue of the store and executes them on virtual threads, many workers in many processes on
 * one store (PostgreSQL to scale out). A run is runnable when it was enqueued ({@link
 * Weft#enqueue}), when it waits and its signal or time has come, when a stopping executor
 * paused it for the next one, or when its executor died (its lease expired). Claims are atomic
 * ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL) and only take runs whose definition and
 * version the worker has registered; leases are renewed by heartbeat, and a worker whose lease
 * was taken over (paused past it) cannot commit.
 *
 * <pre>{@code
 * Weft weft = Weft.builder().url("jdbc:postgresql://db/weft").register(new Charge()).build();
 * try (Worker worker = Worker.start(weft, WorkerOptions.defaults().withConcurrency(32)
 *     .withQueue(Queue.named("charges").concurrency(100)))) {
 *   ... until the process is told to stop ...
 * }
 * }</pre>
 *
 * <p>The worker takes its Weft over: the instance's own scheduler stops (the worker continues
 * due runs instead, within its queue's limits), and closing the worker closes the instance.
 */
public final class Worker implements AutoCloseable {
  private final Weft weft;
  private final WorkerOptions options;
  private final WorkerLoop loop;
  private boolean closed;

  private Worker(Weft weft, WorkerOptions options) {
    this.weft = weft;
    this.options = options;
    weft.stopScheduler();
    this.loop = new WorkerLoop(weft.engine(), weft.launcher(), weft.definitions(), options);
  }

  /** Starts a worker on {@code weft}, which it owns from now on. */
  public static Worker start(Weft weft, WorkerOptions options) {
    Objects.requireNonNull(weft, "weft");
    Objects.requireNonNull(options, "options");
    if (weft.isClosing()) {
      throw new IllegalStateException("the Weft instance is closing; open a new one");
    }
    return new Worker(weft, options);
  }

  public WorkerOptions options() {
    return options;
  }

  /** The Weft instance the worker runs on (for inspection; do not close it yourself). */
  public Weft weft() {
    return weft;
  }

  /** Runs this worker executes now. */
  public int inFlight() {
    return loop.inFlight();
  }

  /** Executions this worker has finished so far, whatever their outcome. */
  public long executed() {
    return loop.executed();
  }

  /**
   * Stops the worker (what SIGTERM does to {@code weft worker}): it claims nothing more, runs
   * under way finish their current step and pause there, released and due at once for another
   * worker, waiting up to {@link WorkerOptions#drain}; the leases of runs still executing after
   * that (a long step) are released too, so another worker continues them from their last
   * committed step at once. Then the Weft instance closes.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    loop.stop();
    try {
      weft.closeReleasing(options.drain());
    } finally {
      loop.close();
    }
  }
}
