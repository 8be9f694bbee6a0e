package dev.weft.spi;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of trying to claim a run's lease.
 */
public sealed interface Claim {
  /** The run is now held by the claimant at {@code run().lease().epoch()}. */
  record Granted(RunRecord run, @Nullable String previousOwner) implements Claim {
    public Granted {
      Objects.requireNonNull(run, "run");
    }
  }

  /** Someone else holds an unexpired lease. */
  record Held(RunRecord run) implements Claim {
    public Held {
      Objects.requireNonNull(run, "run");
    }
  }

  /**
   * A request to claim a run.
   *
   * @param runId the run
   * @param owner the claimant's identity
   * @param nowMillis the current time
   * @param untilMillis the lease expiry to set
   * @param takeoverEpoch if non-null, take the lease even if held, provided its epoch is still
   *     this (used when the holder is provably dead)
   */
  record Request(String runId, String owner, long nowMillis, long untilMillis,
      @Nullable Long takeoverEpoch) {
    public Request {
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(owner, "owner");
    }
  }
}
