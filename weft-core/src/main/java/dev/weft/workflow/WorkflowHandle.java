package dev.weft.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.RunInfo;
import dev.weft.RunStatus;
import java.lang.reflect.Type;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** A workflow run, as its caller sees it. Follows continue-as-new to the latest run. */
public interface WorkflowHandle<R> {
  /** The id the run was started with. */
  String runId();

  RunStatus status();

  /** The run as stored (the latest of a continue-as-new chain). */
  RunInfo info();

  /**
   * Waits up to {@code timeout} for the run to end and returns its result.
   *
   * @throws StillRunningException if it has not ended by then
   * @throws ActivityFailedException if an activity's failure ended it
   * @throws NonDeterminismException if its code no longer matches its history
   * @throws WorkflowFailedException if it failed otherwise, was cancelled or needs attention
   */
  R result(Duration timeout);

  /** Sends a signal (durable once this returns; see {@link dev.weft.Weft#signal}). */
  void signal(String name, @Nullable Object payload);

  /**
   * Asks the run to stop: a {@link CancelledException} is thrown into its code at its next await
   * point (at once if it waits; a running activity of this instance is interrupted). Does
   * nothing if the run has ended.
   */
  void cancel(String reason);

  /** The run's current state (all keys). */
  JsonNode query();

  /** One key of the run's current state, or null. */
  <T> @Nullable T query(String key, Type type);
}
