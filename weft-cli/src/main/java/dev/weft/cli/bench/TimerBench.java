package dev.weft.cli.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.weft.Durability;
import dev.weft.InvalidInputException;
import dev.weft.Loop;
import dev.weft.StepContext;
import dev.weft.Transition;
import dev.weft.WaitFor;
import dev.weft.Weft;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code weft bench timers}: N runs each wait for a time, spread over a few seconds after all
 * of them are waiting. Reports how late each timer fired (the woken step's clock reading against
 * the time it waited for), the platform threads while they wait and fire, and the heap.
 */
public final class TimerBench {
  /** What to measure. */
  public record Options(int runs, double spreadSeconds, double leadSeconds,
      Durability durability, Path db) {
    public Options {
      if (runs < 1) {
        throw new InvalidInputException("--runs must be at least 1, got " + runs);
      }
      if (spreadSeconds < 0 || leadSeconds < 0) {
        throw new InvalidInputException("--spread-seconds and --lead-seconds must not be"
            + " negative");
      }
    }
  }

  /** What {@code weft bench timers} reports. */
  public record Result(
      @JsonProperty("bench") String bench,
      @JsonProperty("runs") int runs,
      @JsonProperty("durability") String durability,
      @JsonProperty("spread_seconds") double spreadSeconds,
      @JsonProperty("create_seconds") double createSeconds,
      @JsonProperty("created_after_due") int createdAfterDue,
      @JsonProperty("late_p50_ms") double lateP50,
      @JsonProperty("late_p90_ms") double lateP90,
      @JsonProperty("late_p99_ms") double lateP99,
      @JsonProperty("late_max_ms") double lateMax,
      @JsonProperty("fired_within_50ms") double within50,
      @JsonProperty("platform_threads_before") int threadsBefore,
      @JsonProperty("platform_threads_waiting_max") int threadsWaiting,
      @JsonProperty("platform_threads_firing_max") int threadsFiring,
      @JsonProperty("heap_after_gc_before_bytes") long heapBefore,
      @JsonProperty("heap_after_gc_waiting_bytes") long heapWaiting,
      @JsonProperty("heap_after_gc_after_bytes") long heapAfter,
      @JsonProperty("peak_heap_bytes") long peakHeap,
      @JsonProperty("wall_seconds") double wallSeconds) {}

  /** Input of a timer run: when to wake, and its index in the benchmark's arrays. */
  public record Input(long dueMillis, int index) {}

  /** Sleeps until its time, then records how late it woke. */
  static final class Sleeper implements Loop<Input, Input, Integer> {
    final double[] late;
    final CountDownLatch fired;

    Sleeper(int runs) {
      late = new double[runs];
      fired = new CountDownLatch(runs);
    }

    @Override
    public String name() {
      return "bench-timer";
    }

    @Override
    public Input start(Input input) {
      return input;
    }

    @Override
    public Transition<Input, Integer> step(Input s, StepContext ctx) {
      if (ctx.wake() == null) {
        return Transition.await(s, WaitFor.until(Instant.ofEpochMilli(s.dueMillis())));
      }
      late[s.index()] = ctx.now().toEpochMilli() - s.dueMillis();
      fired.countDown();
      return Transition.complete(s.index());
    }
  }

  private TimerBench() {}

  public static Result run(Options o) throws Exception {
    Path db = o.db().toAbsolutePath();
    if (Files.exists(db)) {
      throw new InvalidInputException("benchmark database " + o.db() + " already exists;"
          + " remove it or choose another path (the benchmark needs a fresh file)");
    }
    int n = o.runs();
    Sleeper loop = new Sleeper(n);
    long[] createdAt = new long[n];
    long[] dueAt = new long[n];
    ThreadSampler threads = new ThreadSampler();
    long started = System.nanoTime();
    long heapBefore = heapAfterGc();
    HeapSampler heap = HeapSampler.start();
    int threadsBefore;
    long heapWaiting;
    double createSeconds;
    try (Weft weft = Weft.builder().url("sqlite:" + db).durability(o.durability())
        .register(loop).build()) {
      threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
      long base = System.currentTimeMillis() + (long) (o.leadSeconds() * 1000);
      long spread = (long) (o.spreadSeconds() * 1000);
      Semaphore concurrent = new Semaphore(64);
      AtomicInteger failures = new AtomicInteger();
      long createStart = System.nanoTime();
      try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < n; i++) {
          int index = i;
          long due = base + (n == 1 ? 0 : spread * i / (n - 1));
          dueAt[i] = due;
          concurrent.acquire();
          pool.execute(() -> {
            try {
              weft.run(loop, "t-" + index, new Input(due, index));
              createdAt[index] = System.currentTimeMillis();
            } catch (RuntimeException e) {
              failures.incrementAndGet();
            } finally {
              concurrent.release();
            }
          });
        }
      }
      if (failures.get() > 0) {
        throw new IllegalStateException(failures + " benchmark runs could not be started");
      }
      createSeconds = (System.nanoTime() - createStart) / 1e9;
      heapWaiting = heapAfterGc();
      threads.phase(ThreadSampler.WAITING);
      long firstDue = base - System.currentTimeMillis();
      if (firstDue > 0) {
        Thread.sleep(firstDue);
      }
      threads.phase(ThreadSampler.FIRING);
      if (!loop.fired.await(Math.max(60, (long) (o.spreadSeconds() * 10)), TimeUnit.SECONDS)) {
        throw new IllegalStateException(loop.fired.getCount() + " timers never fired");
      }
    } finally {
      threads.stop();
    }
    double wall = (System.nanoTime() - started) / 1e9;
    HeapSampler.Peak peak = heap.stop();
    long heapAfter = heapAfterGc();
    // A run created after its time had come measures the benchmark's start-up, not the
    // scheduler: it is counted apart.
    int createdLate = 0;
    double[] onTime = new double[n];
    int counted = 0;
    for (int i = 0; i < n; i++) {
      if (createdAt[i] > dueAt[i]) {
        createdLate++;
      } else {
        onTime[counted++] = loop.late[i];
      }
    }
    Percentiles p = new Percentiles(Arrays.copyOf(onTime, counted));
    return new Result("timers", n, o.durability().name().toLowerCase(Locale.ROOT),
        o.spreadSeconds(), createSeconds, createdLate, p.at(50), p.at(90), p.at(99), p.max(),
        p.fractionAtMost(50), threadsBefore, threads.max(ThreadSampler.WAITING),
        threads.max(ThreadSampler.FIRING), heapBefore, heapWaiting, heapAfter,
        peak.usedBytes(), wall);
  }

  private static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
