package dev.weft.spi;

import dev.weft.WeftException;

/**
 * A commit or claim was refused because the run changed since the caller read it: its lease
 * epoch moved on (another executor took over) or its journal grew. Nothing was written.
 */
public final class StaleCommitException extends WeftException {
  private final boolean leaseLost;

  public StaleCommitException(String runId, boolean leaseLost, String detail) {
    super((leaseLost ? "lease on run '" + runId + "' was taken over"
        : "run '" + runId + "' changed concurrently") + ": " + detail);
    this.leaseLost = leaseLost;
  }

  /** True if the lease epoch changed, false if only the journal grew. */
  public boolean leaseLost() {
    return leaseLost;
  }
}
