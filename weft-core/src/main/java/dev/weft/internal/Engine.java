package dev.weft.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.RunHeldException;
import dev.weft.RunInfo;
import dev.weft.StoreException;
import dev.weft.WeftClock;
import dev.weft.spi.Claim;
import dev.weft.spi.NewRun;
import dev.weft.spi.Payload;
import dev.weft.spi.RunRecord;
import dev.weft.spi.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The services every execution shares: the store, the clock, the hash chain, this instance's
 * lease identity and the heartbeat that keeps held leases alive.
 */
public final class Engine implements AutoCloseable {
  /** Settings of the engine; validated by the facade's builder. */
  public record Settings(Duration leaseTtl, int inlineLimit, @Nullable byte[] secretKey) {}

  private final Store store;
  private final WeftClock clock;
  private final HashChain chain;
  private final int inlineLimit;
  private final Duration leaseTtl;
  private final RandomGenerator random;
  private final Owner owner;
  private final String ownerId;
  private final ScheduledExecutorService heartbeat;
  private final Map<String, Execution> active = new ConcurrentHashMap<>();
  /**
   * Runs this instance claimed or created, with the lease epoch it got, whose execution has not
   * started yet. The store grants a lease again to the owner that holds it (a lease an ended
   * execution failed to release must not lock its own instance out), so without this a second
   * claim from this instance in that gap would raise the epoch under the first one's feet.
   */
  private final Map<String, Long> starting = new ConcurrentHashMap<>();
  private final ReentrantLock[] claimLocks = new ReentrantLock[64];
  private volatile boolean closing;
  private volatile LongConsumer wakeups = millis -> { };
  private volatile Consumer<String> finishes = runId -> { };
  /** Notified whenever an execution ends or a signal arrives; see {@link #await}. */
  private final Object changes = new Object();
  private long changeCount;

  public Engine(Store store, WeftClock clock, RandomGenerator random, Settings settings) {
    this.store = store;
    this.clock = clock;
    this.random = random;
    this.chain = settings.secretKey() == null ? HashChain.plain()
        : HashChain.keyed(settings.secretKey());
    this.inlineLimit = settings.inlineLimit();
    this.leaseTtl = settings.leaseTtl();
    for (int i = 0; i < claimLocks.length; i++) {
      claimLocks[i] = new ReentrantLock();
    }
    this.owner = Owner.forThisProcess();
    this.ownerId = owner.id();
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "weft-lease-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(50, leaseTtl.toMillis() / 3);
    heartbeat.scheduleAtFixedRate(this::renewLeases, period, period, TimeUnit.MILLISECONDS);
  }

  public Store store() {
    return store;
  }

  public WeftClock clock() {
    return clock;
  }

  public HashChain chain() {
    return chain;
  }

  public int inlineLimit() {
    return inlineLimit;
  }

  public RandomGenerator random() {
    return random;
  }

  public String ownerId() {
    return ownerId;
  }

  /** When a lease taken now expires. */
  public long leaseUntil(long nowMillis) {
    return nowMillis + leaseTtl.toMillis();
  }

  public boolean closing() {
    return closing;
  }

  /** Whether this instance is executing the run now. */
  public boolean executing(String runId) {
    return active.containsKey(runId);
  }

  /** Where {@link #wakeAt} and the ends of executions go: the scheduler, when one runs. */
  void onWakeup(LongConsumer wakeAt, Consumer<String> finished) {
    wakeups = wakeAt;
    finishes = finished;
  }

  /** A run is due at {@code millis}: wakes the scheduler if it sleeps longer than that. */
  public void wakeAt(long millis) {
    wakeups.accept(millis);
  }

  /** Something about runs changed (an execution ended, a signal arrived). */
  public void changed() {
    synchronized (changes) {
      changeCount++;
      changes.notifyAll();
    }
  }

  /**
   * Waits until the run is settled (see {@link #settled}) or {@code timeout} of real time has
   * passed, and returns the run as stored then. Woken by executions of this instance as they
   * end; reads the store every 50 ms for changes made by other processes.
   */
  public RunRecord await(String runId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long seen;
      synchronized (changes) {
        seen = changeCount;
      }
      RunRecord run = store.find(runId).orElseThrow(() ->
          new dev.weft.RunNotFoundException(runId));
      long left = deadline - System.nanoTime();
      if (settled(run) || left <= 0) {
        return run;
      }
      synchronized (changes) {
        if (changeCount == seen) {
          try {
            changes.wait(Math.max(1, Math.min(50, left / 1_000_000)));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return run;
          }
        }
      }
    }
  }

  /**
   * Whether a run has stopped moving on its own: nobody executes it, and it has ended, needs
   * attention, is paused, or waits for something that has not arrived yet.
   */
  public boolean settled(RunRecord run) {
    long now = clock.millis();
    if (run.lease().isHeld() && run.lease().untilMillis() > now) {
      return false;
    }
    Long wakeAt = run.progress().wakeAtMillis();
    return switch (run.status()) {
      case PENDING, RUNNING -> false;
      case WAITING, PAUSED -> wakeAt == null || wakeAt > now;
      case NEEDS_ATTENTION, COMPLETED, FAILED, CANCELLED -> true;
    };
  }

  /** A run this instance executes: its lease, and whether the heartbeat lost it. */
  public static final class Execution {
    final long runKey;
    final String runId;
    final long epoch;
    volatile boolean lost;

    Execution(long runKey, String runId, long epoch) {
      this.runKey = runKey;
      this.runId = runId;
      this.epoch = epoch;
    }

    public boolean lost() {
      return lost;
    }
  }

  /**
   * Claims a run for this instance. A holder that is provably dead (on this host, process gone)
   * is taken over at once; otherwise, with {@code wait}, waits for the lease to be released or
   * to expire, and without it fails with {@link RunHeldException}.
   */
  public Claim.Granted claim(String runId, boolean wait) {
    ReentrantLock lock = claimLocks[Math.floorMod(runId.hashCode(), claimLocks.length)];
    while (true) {
      Claim c;
      long now;
      lock.lock();
      try {
        if (heldHere(runId)) {
          c = null;
          now = 0;
        } else {
          now = clock.millis();
          c = store.claim(new Claim.Request(runId, ownerId, now, now + leaseTtl.toMillis(),
              null));
          if (c instanceof Claim.Granted g) {
            starting.put(runId, g.run().lease().epoch());
            return g;
          }
        }
      } finally {
        lock.unlock();
      }
      if (c == null) {
        if (!wait) {
          throw new RunHeldException(runId, ownerId + " (this Weft instance)",
              Instant.ofEpochMilli(clock.millis() + leaseTtl.toMillis()));
        }
        pause();
        continue;
      }
      RunRecord held = ((Claim.Held) c).run();
      String holder = held.lease().owner();
      if (holder != null && Owner.isProvablyDead(holder)) {
        lock.lock();
        try {
          Claim t = store.claim(new Claim.Request(runId, ownerId, now,
              now + leaseTtl.toMillis(), held.lease().epoch()));
          if (t instanceof Claim.Granted g) {
            starting.put(runId, g.run().lease().epoch());
            return g;
          }
        } finally {
          lock.unlock();
        }
        continue;
      }
      if (!wait) {
        throw new RunHeldException(runId, String.valueOf(holder),
            Instant.ofEpochMilli(held.lease().untilMillis()));
      }
      pause();
    }
  }

  /**
   * Whether this instance executes the run, or claimed or created it and is about to. A claim
   * or creation whose execution never started (its caller gave the lease back, or failed) is
   * forgotten once the store shows the lease released, taken over or expired.
   */
  private boolean heldHere(String runId) {
    if (active.containsKey(runId)) {
      return true;
    }
    Long epoch = starting.get(runId);
    if (epoch == null) {
      return false;
    }
    RunRecord r = store.find(runId).orElse(null);
    if (r != null && ownerId.equals(r.lease().owner()) && r.lease().epoch() == epoch
        && r.lease().untilMillis() > clock.millis()) {
      return true;
    }
    starting.remove(runId, epoch);
    return active.containsKey(runId);
  }

  /**
   * Creates a run held by this instance (epoch 1), which counts as claimed here until its
   * execution starts; an existing run with that id is returned untouched and not marked.
   */
  public Store.Created create(NewRun n) {
    starting.putIfAbsent(n.runId(), 1L);
    boolean created = false;
    try {
      Store.Created c = store.create(n);
      created = c.created();
      return c;
    } finally {
      if (!created) {
        starting.remove(n.runId(), 1L);
      }
    }
  }

  /** Gives back a lease claimed here whose execution never started. */
  public void giveBack(RunRecord held) {
    try {
      store.release(held.key(), ownerId, held.lease().epoch());
    } finally {
      starting.remove(held.runId(), held.lease().epoch());
    }
  }

  private void pause() {
    try {
      clock.sleep(Duration.ofMillis(100));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for a run's lease");
    }
  }

  /** Registers an execution for heartbeats; {@link #finish} must follow. */
  public Execution start(RunRecord run) {
    Execution e = new Execution(run.key(), run.runId(), run.lease().epoch());
    Execution other = active.putIfAbsent(run.runId(), e);
    // Active first, then no longer starting: a concurrent claim always sees one of the two.
    starting.remove(run.runId(), run.lease().epoch());
    if (other != null) {
      store.release(run.key(), ownerId, run.lease().epoch());
      throw new RunHeldException(run.runId(), ownerId + " (this Weft instance)",
          Instant.ofEpochMilli(run.lease().untilMillis()));
    }
    return e;
  }

  /** Ends an execution; releases the lease if the final commit did not. */
  public void finish(Execution e, boolean releaseLease) {
    try {
      if (releaseLease && !e.lost) {
        store.release(e.runKey, ownerId, e.epoch);
      }
    } catch (RuntimeException ignored) {
      // The lease expires on its own; nothing else depends on this release.
    } finally {
      active.remove(e.runId, e);
      synchronized (active) {
        active.notifyAll();
      }
      finishes.accept(e.runId);
      changed();
    }
  }

  private void renewLeases() {
    long until = clock.millis() + leaseTtl.toMillis();
    for (Execution e : active.values()) {
      if (e.lost) {
        continue;
      }
      try {
        if (!store.renew(e.runKey, ownerId, e.epoch, until)) {
          e.lost = true;
        }
      } catch (RuntimeException ignored) {
        // A transient store error: the next beat tries again before the lease runs out.
      }
    }
  }

  /** The bytes of a payload, reading the blob if it is one. */
  public byte[] bytes(Payload p) {
    return switch (p) {
      case Payload.Inline i -> i.bytes();
      case Payload.BlobRef b -> store.blob(b.hash()).orElseThrow(() -> new StoreException(
          "blob " + b.hash() + " is missing from the store; the database is damaged"));
    };
  }

  public @Nullable JsonNode json(@Nullable Payload p) {
    if (p == null) {
      return null;
    }
    byte[] b = bytes(p);
    return b.length == 0 ? null : Json.tree(b);
  }

  /** The public view of a stored run. */
  public RunInfo info(RunRecord r) {
    JsonNode detail = r.progress().detail() == null ? null
        : Json.tree(r.progress().detail().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return new RunInfo(r.runId(), new RunInfo.DefinitionRef(r.header().definition(),
        r.header().version(), r.header().parentRunId(), Provenance.of(this, r)), r.status(),
        r.progress().steps(),
        json(r.progress().state()), json(r.progress().result()), r.progress().failure(), detail,
        new RunInfo.Times(Instant.ofEpochMilli(r.header().createdMillis()),
            Instant.ofEpochMilli(r.updatedMillis())), r.lease().owner());
  }

  /**
   * Asks executing runs to pause at their next step boundary and waits up to {@code grace} for
   * them to commit that pause; the heartbeat keeps their leases alive meanwhile. A run still
   * executing after that (a long step) is left to its lease: it expires and another executor
   * resumes the run from its last committed step.
   */
  public void drain(Duration grace) {
    closing = true;
    long deadline = System.nanoTime() + grace.toNanos();
    synchronized (active) {
      while (!active.isEmpty() && System.nanoTime() < deadline) {
        try {
          active.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * Gives up the leases of executions still under way (after {@link #drain} ran out of time):
   * their runs become runnable for other executors at once instead of when the leases expire.
   * The heartbeat stops renewing them, and once another executor claims a run, this one's
   * commits to it are refused.
   */
  public void releaseHeld() {
    for (Execution e : active.values()) {
      if (!e.lost) {
        e.lost = true;
        try {
          store.release(e.runKey, ownerId, e.epoch);
        } catch (RuntimeException ignored) {
          // The lease expires on its own.
        }
      }
    }
  }

  @Override
  public void close() {
    closing = true;
    heartbeat.shutdownNow();
  }
}
