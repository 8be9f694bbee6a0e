package dev.weft.internal.memory;

import dev.weft.RunStatus;
import dev.weft.spi.Claim;
import dev.weft.spi.Dispatch;
import dev.weft.spi.Enqueue;
import dev.weft.spi.LeaseState;
import dev.weft.spi.RunRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/** The memory store's queues: which queue each enqueued run is in, and rate windows. */
final class MemoryQueues {
  private record Entry(Enqueue queue) {}

  private final Map<Long, Entry> byRun = new HashMap<>();
  private final Map<String, Deque<Long>> dispatches = new HashMap<>();

  void add(long runKey, Enqueue e) {
    byRun.put(runKey, new Entry(e));
  }

  /** The unfinished run of the queue with the same dedup id, if any. */
  Optional<RunRecord> duplicate(Enqueue e, Collection<RunRecord> runs) {
    if (e.dedupId() == null) {
      return Optional.empty();
    }
    return runs.stream().filter(r -> !r.status().isTerminal())
        .filter(r -> {
          Entry q = byRun.get(r.key());
          return q != null && q.queue().queue().equals(e.queue())
              && e.dedupId().equals(q.queue().dedupId());
        }).min(Comparator.comparingLong(RunRecord::key));
  }

  private boolean inQueue(RunRecord r, Dispatch.Limits q) {
    Entry e = byRun.get(r.key());
    return e == null ? q.takesUnqueued() : e.queue().queue().equals(q.name());
  }

  private static boolean runnable(RunRecord r, long now) {
    LeaseState l = r.lease();
    if (l.isHeld() && l.untilMillis() > now) {
      return false;
    }
    Long wake = r.progress().wakeAtMillis();
    return switch (r.status()) {
      case RUNNING -> true;
      case PENDING, WAITING, PAUSED -> wake != null && wake <= now;
      default -> false;
    };
  }

  private int priority(RunRecord r) {
    Entry e = byRun.get(r.key());
    return e == null ? 0 : e.queue().priority();
  }

  /** Claims as {@link dev.weft.spi.Store#claimRunnable}; {@code lease} stores a new lease. */
  Dispatch.Result claim(Dispatch d, Collection<RunRecord> runs,
      BiFunction<RunRecord, LeaseState, RunRecord> lease) {
    Dispatch.Limits q = d.queue();
    long now = d.nowMillis();
    long limit = d.limit();
    if (q.concurrency() > 0) {
      long held = runs.stream().filter(r -> inQueue(r, q) && r.lease().isHeld()
          && r.lease().untilMillis() > now).count();
      limit = Math.min(limit, q.concurrency() - held);
    }
    Deque<Long> window = dispatches.computeIfAbsent(q.name(), k -> new ArrayDeque<>());
    if (q.ratePermits() > 0) {
      while (!window.isEmpty() && window.peekFirst() <= now - q.ratePeriodMillis()) {
        window.removeFirst();
      }
      limit = Math.min(limit, q.ratePermits() - window.size());
    }
    if (limit <= 0) {
      long until = q.ratePermits() > 0 && window.size() >= q.ratePermits()
          ? window.peekFirst() + q.ratePeriodMillis() : 0;
      return new Dispatch.Result(List.of(), until);
    }
    List<RunRecord> chosen = runs.stream()
        .filter(r -> runnable(r, now) && inQueue(r, q))
        .filter(r -> Integer.valueOf(r.header().version())
            .equals(d.definitions().get(r.header().definition())))
        .sorted(Comparator.comparingInt((RunRecord r) -> -priority(r))
            .thenComparingLong(r -> r.progress().wakeAtMillis() == null ? 0
                : r.progress().wakeAtMillis())
            .thenComparingLong(RunRecord::key))
        .limit(limit).toList();
    List<Claim.Granted> granted = new ArrayList<>();
    for (RunRecord r : chosen) {
      RunRecord held = lease.apply(r, new LeaseState(d.owner(), r.lease().epoch() + 1,
          d.untilMillis()));
      granted.add(new Claim.Granted(held, r.lease().owner()));
      if (q.ratePermits() > 0) {
        window.addLast(now);
      }
    }
    long until = q.ratePermits() > 0 && window.size() >= q.ratePermits()
        ? window.peekFirst() + q.ratePeriodMillis() : 0;
    return new Dispatch.Result(granted, until);
  }
}
