package dev.weft.spi;

import dev.weft.Failure;
import dev.weft.RunStatus;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A run as stored.
 *
 * @param key the store's internal key for the run (opaque to callers)
 * @param runId the caller-chosen id
 * @param header what never changes after creation
 * @param status the run's status
 * @param progress committed steps, latest state, outcome
 * @param lease who holds the run
 * @param chain the head of the journal hash chain
 * @param updatedMillis when the run last progressed: the time of its newest journal entry
 *     (claims, renewals and releases do not count)
 */
public record RunRecord(long key, String runId, RunHeader header, RunStatus status,
    Progress progress, LeaseState lease, ChainHead chain, long updatedMillis) {
  public RunRecord {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(chain, "chain");
  }

  /**
   * What is fixed at creation.
   *
   * @param definition the definition's name
   * @param version the definition's version
   * @param createdMillis creation time, epoch milliseconds
   * @param parentRunId the run this one was started or forked from, if any
   */
  public record RunHeader(String definition, int version, long createdMillis,
      @Nullable String parentRunId) {
    public RunHeader {
      Objects.requireNonNull(definition, "definition");
    }
  }

  /**
   * What moves as the run executes.
   *
   * @param steps the number of committed steps (= index of the next step)
   * @param state the latest committed state
   * @param result the result, once completed
   * @param failure the failure, once failed
   * @param detail JSON describing what the run waits for or why it needs attention
   * @param waiting the signal name and wake-up time a waiting run is indexed by (the wake-up
   *     time is moved earlier when a signal it waits for arrives)
   * @param wokenSeq the journal position of the entry that last woke the run (the step that
   *     entry belongs to sees that wake), or null if it never waited
   */
  public record Progress(long steps, @Nullable Payload state, @Nullable Payload result,
      @Nullable Failure failure, @Nullable String detail, @Nullable Waiting waiting,
      @Nullable Long wokenSeq) {
    /** Progress of a run that was never woken. */
    public Progress(long steps, @Nullable Payload state, @Nullable Payload result,
        @Nullable Failure failure, @Nullable String detail, @Nullable Waiting waiting) {
      this(steps, state, result, failure, detail, waiting, null);
    }

    /** When a waiting run is due without a signal, if ever. */
    public @Nullable Long wakeAtMillis() {
      return waiting == null ? null : waiting.wakeAtMillis();
    }
  }
}
