package dev.weft;

/**
 * A commit was rejected because the executor's lease epoch is stale: another executor took the
 * run over (for example after this process was paused past its lease). The work of this
 * executor is discarded; the new holder continues from the last committed step.
 */
public final class LeaseLostException extends WeftException {
  public LeaseLostException(String runId, long epoch) {
    super("lease on run '" + runId + "' at epoch " + epoch
        + " was lost to another executor; this executor's uncommitted work is discarded");
  }
}
