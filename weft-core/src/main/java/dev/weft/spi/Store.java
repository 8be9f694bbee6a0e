package dev.weft.spi;

import java.util.List;
import java.util.Optional;

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

  /** A short description: backend, location, schema version. */
  String describe();

  @Override
  void close();
}
