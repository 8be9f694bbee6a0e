package dev.weft.spi;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where runs live. Every write is one of {@link #create}, {@link #claim}, {@link #renew},
 * {@link #release} and {@link #commit}, each atomic; backends may share one transaction and one
 * flush among concurrent writes (group commit). Reads are bounded (paged).
 *
 * <p>Snapshots (and the past states they are taken from) are the concern of {@link
 * SnapshotStore}.
 *
 * <p>Every backend passes the store contract suite ({@code StoreContract} in the test jar).
 */
public interface Store extends SnapshotStore, AutoCloseable {
  /** The result of {@link #create}. */
  record Created(RunRecord run, boolean created) {}

  /**
   * Creates a run with its first journal entries, or returns the existing run with the same id
   * untouched ({@code created == false}).
   */
  Created create(NewRun run);

  /** Claims the run's lease for an executor; see {@link Claim.Request}. */
  Claim claim(Claim.Request request);

  /** Extends a held lease; false if the lease is no longer {@code owner}'s at {@code epoch}. */
  boolean renew(long runKey, String owner, long epoch, long untilMillis);

  /** Gives up a held lease without other changes; does nothing if it is no longer held. */
  void release(long runKey, String owner, long epoch);

  /**
   * Applies a commit atomically.
   *
   * @throws StaleCommitException if the lease epoch or journal length changed; nothing written
   */
  void commit(Commit commit);

  /** Forces everything committed so far to stable storage. */
  void flush();

  Optional<RunRecord> find(String runId);

  List<RunRecord> list(RunQuery query);

  /** Journal entries with {@code seq > afterSeq}, in order, at most {@code limit}. */
  List<JournalRecord> journal(long runKey, long afterSeq, int limit);

  /** Attempt records in (step, attempt) order. */
  List<AttemptRecord> attempts(long runKey, long offset, int limit);

  /** What the attempts recorded for one step add up to. */
  record AttemptSummary(int last, int failed) {}

  /** The highest attempt number and the number of failed attempts recorded for a step. */
  AttemptSummary attemptSummary(long runKey, long step);

  /** Tool call rows in the order they were made. */
  List<ToolCallRow> toolCalls(long runKey, long offset, int limit);

  /** The tool calls a step made (in every attempt so far). */
  List<ToolCallRow> toolCallsOfStep(long runKey, long step);

  Optional<ToolCallRow> toolCall(long runKey, String key);

  Optional<byte[]> blob(String hash);

  /** Counts over one run's rows. */
  record RunStats(long attempts, long failedAttempts, long interruptedAttempts, long toolCalls,
      long pendingToolCalls, long failedToolCalls) {}

  /** Counts of a run's attempts and tool calls by outcome. */
  RunStats stats(long runKey);

  // ---- signals and waits ----

  /** The result of {@link #signal}: the stored signal, and whether it made its run due. */
  record Sent(SignalRecord signal, boolean wakes) {}

  /**
   * Stores a signal for a run that exists and has not ended, flushed before it returns (in every
   * durability mode but {@code FAST}): an acknowledged signal is never lost. If the run waits for
   * this name, it becomes due ({@link #due}); otherwise the signal stays pending until the run
   * waits for it.
   *
   * @throws dev.weft.RunNotFoundException if there is no such run; nothing written
   * @throws dev.weft.IllegalRunStateException if the run has ended, or {@code onlyIfAwaited} and
   *     the run does not wait for this name now or already has a signal for it; nothing written
   */
  Sent signal(NewSignal signal);

  /** The oldest pending signal named {@code name} of a run: the next one it will receive. */
  Optional<SignalRecord> pendingSignal(long runKey, String name);

  /** A run's signals in the order they were stored, pending or consumed. */
  List<SignalRecord> signals(long runKey, long offset, int limit);

  /**
   * Runs of {@code definitions} that are due at {@code nowMillis}: WAITING runs whose time has
   * come or whose signal is pending, and runs a stopping executor paused for the next one.
   * Earliest wake-up time first, at most {@code limit}. Held runs are included (an executor that
   * died between claiming a run and its first commit holds it until its lease expires, or until
   * someone sees it is provably dead); the caller decides whom to claim.
   */
  List<RunRecord> due(long nowMillis, Collection<String> definitions, int limit);

  /**
   * The earliest wake-up time later than {@code afterMillis} of the runs {@link #due} would
   * return once that time comes; empty if no run of {@code definitions} waits for a time.
   */
  OptionalLong nextWake(long afterMillis, Collection<String> definitions);

  // ---- workers and queues ----

  /**
   * Creates a run ({@code run.owner()} must be null) that no one executes yet: PENDING in a
   * queue, runnable by workers ({@link #claimRunnable}) from its creation time. Like {@link
   * #create}, an existing run id returns the existing run untouched; so does a {@code dedupId}
   * of an unfinished run in the same queue (that run is returned).
   */
  default Created enqueue(NewRun run, Enqueue queue) {
    throw new UnsupportedOperationException(describe() + " does not support queues");
  }

  /** Claims runnable runs for a worker, atomically; see {@link Dispatch}. */
  default Dispatch.Result claimRunnable(Dispatch request) {
    throw new UnsupportedOperationException(describe() + " does not support workers");
  }

  /** A subscription of {@link #listen}. */
  interface Listening extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Calls {@code listener} with a queue name (on a thread of the store's) whenever another
   * process may have made runs of that queue runnable, where the backend can push such notices
   * (PostgreSQL: LISTEN/NOTIFY). Stores that cannot return a subscription that never calls:
   * workers poll them. Notices may be spurious or coalesced; they only say "look now".
   */
  default Listening listen(java.util.function.Consumer<String> listener) {
    return () -> { };
  }

  /** A short description: backend, location, schema version. */
  String describe();

  @Override
  void close();
}
