package dev.weft.internal;

import dev.weft.LeaseLostException;
import dev.weft.RunHeldException;
import dev.weft.WeftClock;
import dev.weft.WorkerOptions;
import dev.weft.spi.Claim;
import dev.weft.spi.Dispatch;
import dev.weft.spi.RunRecord;
import dev.weft.spi.Store;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A worker's claim loop. One platform thread claims runnable runs of the registered definitions
 * from one queue ({@link Store#claimRunnable}), as many as there are free slots, and executes
 * each on a virtual thread through the engine (whose heartbeat renews their leases). Between
 * claims it sleeps until a slot frees up, the store pushes a notice (PostgreSQL LISTEN/NOTIFY),
 * this instance commits a wait or enqueues a run, the next timer of a waiting run falls due, the
 * queue's rate limit allows the next dispatch, or at most a poll interval.
 */
public final class WorkerLoop implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.weft.worker");
  private static final AtomicInteger WORKERS = new AtomicInteger();

  private final Engine engine;
  private final Launcher launcher;
  private final Definitions definitions;
  private final WorkerOptions options;
  private final Dispatch.Limits limits;
  private final int slots;
  private final WeftClock clock;
  private final WakeUps wakeUps = new WakeUps();
  private volatile boolean stopped;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong executed = new AtomicLong();
  private final ExecutorService executions;
  private final Store.Listening listening;
  private final Thread loop;

  public WorkerLoop(Engine engine, Launcher launcher, Definitions definitions,
      WorkerOptions options) {
    this.engine = engine;
    this.launcher = launcher;
    this.definitions = definitions;
    this.options = options;
    var q = options.queue();
    this.limits = new Dispatch.Limits(q.name(), q.concurrency(), q.ratePermits(),
        q.ratePermits() == 0 ? 0 : q.ratePeriod().toMillis());
    this.slots = options.slots();
    this.clock = engine.clock();
    int n = WORKERS.incrementAndGet();
    this.executions = Executors.newThreadPerTaskExecutor(
        Thread.ofVirtual().name("weft-worker-" + n + "-", 0).factory());
    engine.onWakeup(this::wakeAt, runId -> poke());
    this.listening = engine.store().listen(queue -> {
      if (queue.isEmpty() || queue.equals(limits.name())) {
        poke();
      }
    });
    this.loop = Thread.ofPlatform().daemon().name("weft-worker-" + n).start(this::run);
  }

  /** Runs executing now. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Executions this worker has finished (any outcome). */
  public long executed() {
    return executed.get();
  }

  /** Look again no later than {@code millis}. */
  public void wakeAt(long millis) {
    wakeUps.wakeAt(millis);
  }

  /** Look again now. */
  public void poke() {
    wakeUps.poke();
  }

  private Map<String, Integer> versions() {
    Map<String, Integer> out = new HashMap<>();
    for (String name : definitions.names()) {
      out.put(name, definitions.get(name).version());
    }
    return out;
  }

  private void run() {
    while (!stopped) {
      try {
        wakeUps.looking();
        long now = clock.millis();
        long until = now + options.poll().toMillis();
        Map<String, Integer> versions = versions();
        int free = slots - inFlight.get();
        if (free > 0 && !versions.isEmpty()) {
          Dispatch.Result got = engine.store().claimRunnable(new Dispatch(engine.ownerId(), now,
              engine.leaseUntil(now), versions, limits, free));
          for (Claim.Granted g : got.granted()) {
            inFlight.incrementAndGet();
            executions.execute(() -> execute(g));
          }
          if (got.rateLimitedUntil() > 0) {
            until = Math.min(until, got.rateLimitedUntil());
          } else if (got.granted().size() == free) {
            continue; // there may be more
          }
        }
        OptionalLong next = engine.store().nextWake(now, versions.keySet());
        if (next.isPresent()) {
          until = Math.min(until, next.getAsLong());
        }
        wakeUps.sleepUntil(clock, until, options.poll(), () -> stopped);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (stopped) {
          return;
        }
        LOG.log(Level.WARNING, "worker: claiming runs failed; trying again in "
            + options.poll(), e);
        if (!wakeUps.pause(options.poll())) {
          stopped = true;
        }
      }
    }
  }

  /** Executes a claimed run until it ends, waits, pauses or needs attention. */
  private void execute(Claim.Granted granted) {
    RunRecord held = granted.run();
    try {
      launcher.executeClaimed(granted);
    } catch (LeaseLostException e) {
      LOG.log(Level.WARNING, "worker: run " + held.runId() + " lost its lease to another"
          + " executor; the outcome of its step here was discarded: " + e.getMessage());
    } catch (RunHeldException e) {
      // This instance executes the run already.
    } catch (RuntimeException | Error e) {
      if (!stopped) {
        LOG.log(Level.WARNING, "worker: executing run " + held.runId() + " failed", e);
      }
    } finally {
      inFlight.decrementAndGet();
      executed.incrementAndGet();
      poke();
    }
  }

  private void release(RunRecord held) {
    engine.giveBack(held);
  }

  /** Stops claiming; executions under way continue (see {@link Engine#drain}). */
  public void stop() {
    stopped = true;
    listening.close();
    wakeUps.wakeAll();
    try {
      loop.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
    executions.shutdown();
  }
}
