package dev.weft;

import java.time.Instant;

/**
 * Another live executor holds the run's lease. Exactly one executor may run a run at a time;
 * wait for the lease to be released or to expire (the CLI's {@code --wait}).
 */
public final class RunHeldException extends WeftException {
  private final String holder;
  private final Instant until;

  public RunHeldException(String runId, String holder, Instant until) {
    super("run '" + runId + "' is held by " + holder + " until " + until
        + "; wait for it to finish, or retry with --wait");
    this.holder = holder;
    this.until = until;
  }

  public String holder() {
    return holder;
  }

  public Instant until() {
    return until;
  }
}
