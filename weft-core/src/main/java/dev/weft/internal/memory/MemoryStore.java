package dev.weft.internal.memory;

import dev.weft.IllegalRunStateException;
import dev.weft.RunNotFoundException;
import dev.weft.RunStatus;
import dev.weft.StoreException;
import dev.weft.spi.AttemptRecord;
import dev.weft.spi.Blob;
import dev.weft.spi.Claim;
import dev.weft.spi.Commit;
import dev.weft.spi.EntryKind;
import dev.weft.spi.JournalRecord;
import dev.weft.spi.LeaseState;
import dev.weft.spi.NewRun;
import dev.weft.spi.NewSignal;
import dev.weft.spi.SignalRecord;
import dev.weft.spi.Wakeup;
import dev.weft.spi.Waiting;
import dev.weft.spi.NewSnapshot;
import dev.weft.spi.RunQuery;
import dev.weft.spi.RunRecord;
import dev.weft.spi.RunUpdate;
import dev.weft.spi.SnapshotQuery;
import dev.weft.spi.SnapshotRecord;
import dev.weft.spi.StaleCommitException;
import dev.weft.spi.Store;
import dev.weft.spi.ToolCallRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * A store in the heap, for tests and throwaway runs. Every operation takes one monitor, which
 * makes it trivially atomic; it keeps nothing across process restarts.
 */
public final class MemoryStore implements Store {
  private final Map<String, Table> runs = new LinkedHashMap<>();
  private final Map<Long, Table> byKey = new HashMap<>();
  private final Map<String, byte[]> blobs = new HashMap<>();
  private final MemorySnapshots snapshots = new MemorySnapshots();
  private final MemoryQueues queues = new MemoryQueues();
  private long nextKey = 1;

  private static final Comparator<ToolCallRow> BY_INTENT =
      Comparator.comparingLong(ToolCallRow::intentSeq);

  private static final class Table {
    RunRecord run;
    final List<JournalRecord> journal = new ArrayList<>();
    final TreeMap<Long, TreeMap<Integer, AttemptRecord>> attempts = new TreeMap<>();
    final LinkedHashMap<String, ToolCallRow> toolCalls = new LinkedHashMap<>();
    final List<SignalRecord> signals = new ArrayList<>();

    Table(RunRecord run) {
      this.run = run;
    }
  }

  @Override
  public synchronized Created create(NewRun n) {
    Table existing = runs.get(n.runId());
    if (existing != null) {
      return new Created(existing.run, false);
    }
    long key = nextKey++;
    LeaseState lease = n.owner() == null ? LeaseState.free(0)
        : new LeaseState(n.owner(), 1, n.leaseUntilMillis());
    RunRecord run = new RunRecord(key, n.runId(), n.header(),
        n.owner() == null ? dev.weft.RunStatus.PENDING : dev.weft.RunStatus.RUNNING,
        new RunRecord.Progress(n.steps(), n.state(), null, null, null, null), lease, n.chain(),
        n.header().createdMillis());
    Table t = new Table(run);
    t.journal.addAll(n.entries());
    n.blobs().forEach(b -> blobs.putIfAbsent(b.hash(), b.bytes().clone()));
    runs.put(n.runId(), t);
    byKey.put(key, t);
    return new Created(run, true);
  }

  @Override
  public synchronized Created enqueue(NewRun n, dev.weft.spi.Enqueue e) {
    if (n.owner() != null) {
      throw new IllegalArgumentException("an enqueued run is created unheld");
    }
    Optional<RunRecord> dup = queues.duplicate(e, runs.values().stream().map(t -> t.run)
        .toList());
    if (dup.isPresent()) {
      return new Created(dup.get(), false);
    }
    Created c = create(n);
    if (c.created()) {
      Table t = byKey.get(c.run().key());
      RunRecord r = t.run;
      t.run = new RunRecord(r.key(), r.runId(), r.header(), r.status(),
          new RunRecord.Progress(r.progress().steps(), r.progress().state(), null, null, null,
              Waiting.dueAt(n.header().createdMillis())), r.lease(), r.chain(),
          r.updatedMillis());
      queues.add(r.key(), e);
      return new Created(t.run, true);
    }
    return c;
  }

  @Override
  public synchronized dev.weft.spi.Dispatch.Result claimRunnable(dev.weft.spi.Dispatch d) {
    return queues.claim(d, runs.values().stream().map(t -> t.run).toList(), (r, lease) -> {
      Table t = byKey.get(r.key());
      t.run = withLease(t.run, lease, t.run.updatedMillis());
      return t.run;
    });
  }

  @Override
  public synchronized Claim claim(Claim.Request r) {
    Table t = runs.get(r.runId());
    if (t == null) {
      throw new dev.weft.RunNotFoundException(r.runId());
    }
    LeaseState lease = t.run.lease();
    boolean free = !lease.isHeld() || lease.untilMillis() <= r.nowMillis()
        || r.owner().equals(lease.owner());
    boolean takeover = r.takeoverEpoch() != null && r.takeoverEpoch() == lease.epoch();
    if (!free && !takeover) {
      return new Claim.Held(t.run);
    }
    t.run = withLease(t.run, new LeaseState(r.owner(), lease.epoch() + 1, r.untilMillis()),
        t.run.updatedMillis());
    return new Claim.Granted(t.run, lease.owner());
  }

  @Override
  public synchronized boolean renew(long runKey, String owner, long epoch, long untilMillis) {
    Table t = byKey.get(runKey);
    if (t == null || !owner.equals(t.run.lease().owner()) || t.run.lease().epoch() != epoch) {
      return false;
    }
    t.run = withLease(t.run, new LeaseState(owner, epoch, untilMillis), t.run.updatedMillis());
    return true;
  }

  @Override
  public synchronized void release(long runKey, String owner, long epoch) {
    Table t = byKey.get(runKey);
    if (t != null && owner.equals(t.run.lease().owner()) && t.run.lease().epoch() == epoch) {
      t.run = withLease(t.run, LeaseState.free(epoch), t.run.updatedMillis());
    }
  }

  @Override
  public synchronized void commit(Commit c) {
    Table t = byKey.get(c.runKey());
    if (t == null) {
      throw new dev.weft.RunNotFoundException(c.runId());
    }
    RunRecord run = t.run;
    if (run.lease().epoch() != c.expectedEpoch()) {
      throw new StaleCommitException(c.runId(), true, "epoch is " + run.lease().epoch()
          + ", commit carries " + c.expectedEpoch());
    }
    if (run.chain().count() != c.expectedCount()) {
      throw new StaleCommitException(c.runId(), false, "journal has " + run.chain().count()
          + " entries, commit expected " + c.expectedCount());
    }
    checkNewAttempts(t, c);
    Wakeup wakeup = c.wakeup();
    int consumed = -1;
    if (wakeup != null && wakeup.signalSeq() != null) {
      consumed = (int) (wakeup.signalSeq() - 1);
      if (consumed >= t.signals.size() || !t.signals.get(consumed).pending()) {
        throw new StaleCommitException(c.runId(), false, "signal " + wakeup.signalSeq()
            + " does not exist or was delivered already");
      }
    }
    if (consumed >= 0) {
      SignalRecord s = t.signals.get(consumed);
      t.signals.set(consumed, new SignalRecord(s.seq(), s.name(), s.payload(), s.sentMillis(),
          wakeup.entrySeq()));
    }
    for (Blob b : c.blobs()) {
      blobs.putIfAbsent(b.hash(), b.bytes().clone());
    }
    t.journal.addAll(c.entries());
    for (AttemptRecord a : c.attempts()) {
      t.attempts.computeIfAbsent(a.step(), s -> new TreeMap<>()).put(a.attempt(), a);
    }
    for (ToolCallRow row : c.toolCalls()) {
      t.toolCalls.put(row.key(), row);
    }
    RunUpdate u = c.update();
    long now = c.entries().isEmpty() ? run.updatedMillis()
        : c.entries().get(c.entries().size() - 1).atMillis();
    LeaseState lease = u.releaseLease() ? LeaseState.free(run.lease().epoch()) : run.lease();
    RunRecord.Progress p = run.progress();
    t.run = new RunRecord(run.key(), run.runId(), run.header(),
        u.progressOnly() ? run.status() : u.status(),
        u.progressOnly()
            ? new RunRecord.Progress(u.steps(), u.state() == null ? p.state() : u.state(),
                p.result(), p.failure(), p.detail(), p.waiting(), p.wokenSeq())
            : new RunRecord.Progress(u.steps(), u.state() == null ? p.state() : u.state(),
                u.result(), u.failure(), u.detail(), u.waiting(),
                wakeup != null ? Long.valueOf(wakeup.entrySeq()) : p.wokenSeq()),
        lease, c.chain(), Math.max(now, run.updatedMillis()));
    Waiting w = u.waiting();
    if (u.status() == RunStatus.WAITING && w != null && w.key() != null) {
      // A signal sent before the run began to wait makes it due at once.
      t.signals.stream().filter(x -> x.pending() && x.name().equals(w.key())).findFirst()
          .ifPresent(x -> wakeAt(t, x.sentMillis()));
    }
  }

  @Override
  public synchronized Sent signal(NewSignal s) {
    Table t = runs.get(s.runId());
    if (t == null) {
      throw new RunNotFoundException(s.runId());
    }
    RunRecord run = t.run;
    if (run.status().isTerminal()) {
      throw new IllegalRunStateException(s.runId(), run.status(),
          "it has ended; no signal can reach it any more");
    }
    String awaited = run.status() == RunStatus.WAITING && run.progress().waiting() != null
        ? run.progress().waiting().key() : null;
    boolean wakes = s.name().equals(awaited);
    if (s.onlyIfAwaited()) {
      if (!wakes) {
        throw new IllegalRunStateException(s.runId(), run.status(), awaited == null
            ? "it waits for no signal" : "it waits for '" + awaited + "', not '" + s.name()
            + "'");
      }
      if (pendingSignal(run.key(), s.name()).isPresent()) {
        throw new IllegalRunStateException(s.runId(), run.status(), "its wait for '" + s.name()
            + "' has been answered already; that answer is delivered when the run continues");
      }
    }
    s.blobs().forEach(b -> blobs.putIfAbsent(b.hash(), b.bytes().clone()));
    SignalRecord stored = new SignalRecord(t.signals.size() + 1, s.name(), s.payload(),
        s.sentMillis(), null);
    t.signals.add(stored);
    boolean interrupts = s.interrupts() && run.status() == RunStatus.WAITING;
    if (wakes || interrupts) {
      wakeAt(t, s.sentMillis());
    }
    return new Sent(stored, wakes || interrupts);
  }

  private static void wakeAt(Table t, long millis) {
    RunRecord r = t.run;
    RunRecord.Progress p = r.progress();
    Waiting w = p.waiting();
    if (w == null || w.wakeAtMillis() != null && w.wakeAtMillis() <= millis) {
      return;
    }
    t.run = new RunRecord(r.key(), r.runId(), r.header(), r.status(),
        new RunRecord.Progress(p.steps(), p.state(), p.result(), p.failure(), p.detail(),
            new Waiting(w.key(), millis), p.wokenSeq()), r.lease(), r.chain(), r.updatedMillis());
  }

  @Override
  public synchronized Optional<SignalRecord> pendingSignal(long runKey, String name) {
    Table t = byKey.get(runKey);
    return t == null ? Optional.empty() : t.signals.stream()
        .filter(x -> x.pending() && x.name().equals(name)).findFirst();
  }

  @Override
  public synchronized List<SignalRecord> signals(long runKey, long offset, int limit) {
    Table t = byKey.get(runKey);
    return t == null ? List.of() : t.signals.stream().skip(offset).limit(limit).toList();
  }

  @Override
  public synchronized List<RunRecord> due(long nowMillis, Collection<String> definitions,
      int limit) {
    return waking(definitions)
        .filter(r -> r.progress().wakeAtMillis() <= nowMillis)
        .sorted(Comparator.comparingLong((RunRecord r) -> r.progress().wakeAtMillis())
            .thenComparingLong(RunRecord::key))
        .limit(limit).toList();
  }

  @Override
  public synchronized OptionalLong nextWake(long afterMillis, Collection<String> definitions) {
    return waking(definitions).mapToLong(r -> r.progress().wakeAtMillis())
        .filter(at -> at > afterMillis).min();
  }

  /** Runs of the definitions that the scheduler continues once their wake-up time comes. */
  private java.util.stream.Stream<RunRecord> waking(Collection<String> definitions) {
    return runs.values().stream().map(t -> t.run)
        .filter(r -> r.status() == RunStatus.WAITING || r.status() == RunStatus.PAUSED)
        .filter(r -> r.progress().wakeAtMillis() != null)
        .filter(r -> definitions.contains(r.header().definition()));
  }

  /** Attempts are history: like a primary key, a recorded attempt is never written again. */
  private static void checkNewAttempts(Table t, Commit c) {
    Set<List<Long>> seen = new HashSet<>();
    for (AttemptRecord a : c.attempts()) {
      var recorded = t.attempts.get(a.step());
      if (!seen.add(List.of(a.step(), (long) a.attempt()))
          || recorded != null && recorded.containsKey(a.attempt())) {
        throw new StoreException("run '" + c.runId() + "' already has attempt " + a.attempt()
            + " of step " + a.step() + "; an attempt is recorded once");
      }
    }
  }

  @Override
  public void flush() {}

  @Override
  public synchronized Optional<RunRecord> find(String runId) {
    Table t = runs.get(runId);
    return t == null ? Optional.empty() : Optional.of(t.run);
  }

  @Override
  public synchronized List<RunRecord> list(RunQuery q) {
    return runs.values().stream().map(t -> t.run)
        .filter(r -> q.status() == null || r.status() == q.status())
        .filter(r -> q.definition() == null || r.header().definition().equals(q.definition()))
        .sorted(Comparator.comparingLong((RunRecord r) -> r.header().createdMillis())
            .thenComparingLong(RunRecord::key).reversed())
        .skip(q.offset()).limit(q.limit()).toList();
  }

  @Override
  public synchronized List<JournalRecord> journal(long runKey, long afterSeq, int limit) {
    Table t = byKey.get(runKey);
    if (t == null) {
      return List.of();
    }
    int from = (int) Math.min(Math.max(afterSeq, 0), t.journal.size());
    int to = (int) Math.min((long) from + limit, t.journal.size());
    return List.copyOf(t.journal.subList(from, to));
  }

  @Override
  public synchronized List<AttemptRecord> attempts(long runKey, long offset, int limit) {
    Table t = byKey.get(runKey);
    if (t == null) {
      return List.of();
    }
    return allAttempts(t).stream().skip(offset).limit(limit).toList();
  }

  /** Rows of failed attempts, plus successful attempts recorded in their step's entry. */
  private static List<AttemptRecord> allAttempts(Table t) {
    List<AttemptRecord> all = new ArrayList<>();
    t.attempts.values().forEach(m -> all.addAll(m.values()));
    for (JournalRecord e : t.journal) {
      if (e.attempt() != null) {
        all.add(new AttemptRecord(e.step(), e.attempt().attempt(), e.attempt().startedMillis(),
            e.atMillis(), AttemptRecord.Outcome.SUCCEEDED, null));
      }
    }
    all.sort(Comparator.comparingLong(AttemptRecord::step)
        .thenComparingInt(AttemptRecord::attempt));
    return all;
  }

  @Override
  public synchronized AttemptSummary attemptSummary(long runKey, long step) {
    Table t = byKey.get(runKey);
    if (t == null || !t.attempts.containsKey(step)) {
      return new AttemptSummary(0, 0);
    }
    var attempts = t.attempts.get(step);
    int failed = (int) attempts.values().stream()
        .filter(a -> a.outcome() == AttemptRecord.Outcome.FAILED).count();
    return new AttemptSummary(attempts.lastKey(), failed);
  }

  @Override
  public synchronized List<ToolCallRow> toolCalls(long runKey, long offset, int limit) {
    Table t = byKey.get(runKey);
    return t == null ? List.of()
        : t.toolCalls.values().stream().sorted(BY_INTENT).skip(offset).limit(limit).toList();
  }

  @Override
  public synchronized List<ToolCallRow> toolCallsOfStep(long runKey, long step) {
    Table t = byKey.get(runKey);
    return t == null ? List.of()
        : t.toolCalls.values().stream().filter(r -> r.step() == step).sorted(BY_INTENT)
            .toList();
  }

  @Override
  public synchronized Optional<ToolCallRow> toolCall(long runKey, String key) {
    Table t = byKey.get(runKey);
    return t == null ? Optional.empty() : Optional.ofNullable(t.toolCalls.get(key));
  }

  @Override
  public synchronized Optional<byte[]> blob(String hash) {
    byte[] b = blobs.get(hash);
    return b == null ? Optional.empty() : Optional.of(b.clone());
  }

  @Override
  public synchronized RunStats stats(long runKey) {
    Table t = byKey.get(runKey);
    if (t == null) {
      return new RunStats(0, 0, 0, 0, 0, 0);
    }
    List<AttemptRecord> all = allAttempts(t);
    return new RunStats(all.size(),
        all.stream().filter(a -> a.outcome() == AttemptRecord.Outcome.FAILED).count(),
        all.stream().filter(a -> a.outcome() == AttemptRecord.Outcome.INTERRUPTED).count(),
        t.toolCalls.size(),
        t.toolCalls.values().stream().filter(r -> r.status() == ToolCallRow.Status.PENDING)
            .count(),
        t.toolCalls.values().stream().filter(r -> r.status() == ToolCallRow.Status.FAILED)
            .count());
  }

  @Override
  public synchronized boolean saveSnapshot(NewSnapshot s) {
    Table t = byKey.get(s.runKey());
    if (t == null) {
      throw new dev.weft.RunNotFoundException("#" + s.runKey());
    }
    if (!snapshots.save(s, t.run.runId())) {
      return false;
    }
    s.blobs().forEach(b -> blobs.putIfAbsent(b.hash(), b.bytes().clone()));
    return true;
  }

  @Override
  public synchronized Optional<SnapshotRecord> snapshot(long runKey, String name) {
    return snapshots.find(runKey, name);
  }

  @Override
  public synchronized List<SnapshotRecord> snapshots(SnapshotQuery query) {
    return snapshots.list(query);
  }

  @Override
  public synchronized Optional<JournalRecord> committedStep(long runKey, long step) {
    Table t = byKey.get(runKey);
    return t == null ? Optional.empty() : t.journal.stream()
        .filter(e -> e.kind() == EntryKind.STEP_COMMITTED && e.step() == step).findFirst();
  }

  @Override
  public String describe() {
    return "memory";
  }

  @Override
  public void close() {}

  private static RunRecord withLease(RunRecord r, LeaseState lease, long updated) {
    return new RunRecord(r.key(), r.runId(), r.header(), r.status(), r.progress(), lease,
        r.chain(), updated);
  }
}
