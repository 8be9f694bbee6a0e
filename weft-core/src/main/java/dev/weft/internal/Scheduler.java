package dev.weft.internal;

import dev.weft.RunHeldException;
import dev.weft.WeftClock;
import dev.weft.spi.RunRecord;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Continues due runs while a Weft instance is open: WAITING runs whose timer fell due or whose
 * signal arrived, and runs a closing worker paused for the next one. One thread sleeps on the
 * injected clock until the store's next wake-up time, or until this instance commits a wait or
 * stores a signal that is due sooner, or at most a poll interval (changes made by other
 * processes); waiting runs hold no thread. Due runs are claimed and executed on virtual threads,
 * through the same lease as any other execution, for the definitions this instance knows.
 */
public final class Scheduler implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.weft.scheduler");
  /** Runs executing at once, at most; the rest wait for the next round. */
  private static final int MAX_IN_FLIGHT = 1024;
  private static final int BATCH = 256;
  /**
   * Runs due this soon are launched together, each waiting on the clock for its own time, so
   * that a thousand timers a second take a few rounds of queries a second, not a thousand.
   */
  private static final long LOOKAHEAD_MILLIS = 50;

  private final Engine engine;
  private final Launcher launcher;
  private final Definitions definitions;
  private final Duration poll;
  private final WeftClock clock;
  private final WakeUps wakeUps = new WakeUps();
  private volatile boolean stopped;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  /** Due runs skipped because they were executing: look again when their execution ends. */
  private final Set<String> revisit = ConcurrentHashMap.newKeySet();
  /** Runs whose wake-up failed, and when to try them again. */
  private final Map<String, Long> retryAt = new ConcurrentHashMap<>();
  private final Semaphore slots = new Semaphore(MAX_IN_FLIGHT);
  /** Monitors of launched runs waiting for their time; {@link #stop} wakes them. */
  private final Set<Object> pausing = ConcurrentHashMap.newKeySet();
  private final ExecutorService executions;
  private final Thread loop;

  public Scheduler(Engine engine, Launcher launcher, Definitions definitions, Duration poll) {
    this.engine = engine;
    this.launcher = launcher;
    this.definitions = definitions;
    this.poll = poll;
    this.clock = engine.clock();
    this.executions = Executors.newThreadPerTaskExecutor(
        Thread.ofVirtual().name("weft-wake-", 0).factory());
    engine.onWakeup(this::wakeAt, this::finished);
    this.loop = Thread.ofPlatform().daemon().name("weft-scheduler").start(this::run);
  }

  /** Something may be due at {@code millis}: look again before then. */
  public void wakeAt(long millis) {
    wakeUps.wakeAt(millis);
  }

  /** Look again now (new definitions, a signal). */
  public void poke() {
    wakeUps.poke();
  }

  private void run() {
    while (!stopped) {
      try {
        wakeUps.looking();
        // Whatever is committed from here on either shows in the queries below or calls
        // wakeAt, which lowers the time slept until.
        long now = clock.millis();
        Set<String> names = definitions.names();
        launchDue(now, names);
        OptionalLong next = engine.store().nextWake(now + LOOKAHEAD_MILLIS, names);
        wakeUps.sleepUntil(clock, next.orElse(Long.MAX_VALUE), poll, () -> stopped);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (stopped) {
          return;
        }
        LOG.log(Level.WARNING, "scheduler: reading due runs failed; trying again in " + poll, e);
        pauseAfterError();
      }
    }
  }

  private void launchDue(long now, Set<String> names) {
    while (!stopped && slots.availablePermits() > 0) {
      int limit = Math.min(BATCH, slots.availablePermits());
      List<RunRecord> due = engine.store().due(now + LOOKAHEAD_MILLIS, names, limit);
      int launched = 0;
      for (RunRecord r : due) {
        String id = r.runId();
        Long retry = retryAt.get(id);
        if (retry != null && retry > now || heldByLive(r, now)) {
          continue;
        }
        if (busy(id)) {
          // Due again while it executes (it waited, and its signal was there already): look
          // again when that execution ends. Checked twice, so the end cannot slip between.
          revisit.add(id);
          if (busy(id)) {
            continue;
          }
          revisit.remove(id);
        }
        if (!slots.tryAcquire()) {
          break;
        }
        inFlight.add(id); // only this thread adds, so the run is not in flight yet
        launched++;
        long at = r.progress().wakeAtMillis() == null ? now : r.progress().wakeAtMillis();
        executions.execute(() -> wake(r, at));
      }
      if (due.size() < limit || launched == 0) {
        return;
      }
    }
  }

  private boolean busy(String runId) {
    return inFlight.contains(runId) || engine.executing(runId);
  }

  /** An execution of this instance ended: if its run was due meanwhile, look again. */
  private void finished(String runId) {
    if (revisit.remove(runId)) {
      poke();
    }
  }

  /**
   * Whether another executor that may be alive holds the run: its lease has not expired, and
   * its process is not provably gone (then the claim takes the run over at once).
   */
  private static boolean heldByLive(RunRecord r, long now) {
    String holder = r.lease().owner();
    return holder != null && r.lease().untilMillis() > now && !Owner.isProvablyDead(holder);
  }

  private void wake(RunRecord run, long at) {
    String runId = run.runId();
    boolean failed = false;
    try {
      // A run that looked due but was not (a race) is looked at again after a poll interval.
      failed = !launcher.wake(run, at, this::waitUntil);
    } catch (RunHeldException e) {
      // Another executor got there first.
    } catch (RuntimeException | Error e) {
      failed = true;
      if (!stopped) {
        LOG.log(Level.WARNING, "scheduler: continuing run " + runId + " failed; trying again"
            + " in " + poll, e);
      }
    } finally {
      if (failed) {
        retryAt.put(runId, clock.millis() + poll.toMillis());
      } else {
        retryAt.remove(runId);
      }
      inFlight.remove(runId);
      boolean wasFull = slots.availablePermits() == 0;
      slots.release();
      if (revisit.remove(runId) | wasFull) {
        poke();
      }
    }
  }

  /** Waits on the clock until {@code at}; false if the scheduler stopped meanwhile. */
  private boolean waitUntil(long at) {
    Object self = new Object();
    pausing.add(self);
    try {
      synchronized (self) {
        while (!stopped && clock.millis() < at) {
          clock.waitOn(self, at, poll);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      pausing.remove(self);
    }
    return !stopped;
  }

  private void pauseAfterError() {
    if (!wakeUps.pause(poll)) {
      stopped = true;
    }
  }

  /** Stops launching runs; executions under way continue until {@link #close}. */
  public void stop() {
    stopped = true;
    wakeUps.wakeAll();
    for (Object p : pausing) {
      synchronized (p) {
        p.notifyAll();
      }
    }
    try {
      loop.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops, then waits up to {@code grace} for executions under way. One still running after
   * that (a long step) is not interrupted: like any execution that outlives its instance, it
   * fails to commit once the store is closed, and its lease expires.
   */
  public void close(Duration grace) {
    stop();
    executions.shutdown();
    try {
      executions.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
