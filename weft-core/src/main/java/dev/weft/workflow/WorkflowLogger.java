package dev.weft.workflow;

/**
 * Logs of a workflow run: stored with the run (journal entries, see {@code weft history}) and
 * passed to {@link System.Logger} once, never again when the code is replayed.
 */
public interface WorkflowLogger {
  void info(String message);

  void warn(String message);

  void error(String message);
}
