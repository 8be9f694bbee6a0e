package dev.weft.workflow;

/** A child run started by {@link WorkflowContext#startChild}. */
public interface ChildHandle<R> {
  String runId();

  /**
   * Waits for the child's result (an await point).
   *
   * @throws WorkflowFailedException if the child failed or was cancelled
   */
  R result();
}
