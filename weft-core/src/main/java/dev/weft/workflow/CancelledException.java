package dev.weft.workflow;

import dev.weft.WeftException;

/**
 * The run was cancelled: thrown into workflow code at its next await point (sleep, signal,
 * activity, child result). Code may catch it to run cleanup steps; if it escapes, the run ends
 * CANCELLED.
 */
public final class CancelledException extends WeftException {
  private final String reason;

  public CancelledException(String reason) {
    super("cancelled: " + reason);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
