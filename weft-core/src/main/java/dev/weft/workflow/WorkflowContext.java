package dev.weft.workflow;

import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * What workflow code may do. Each call is a command at the next position of the run's history:
 * executed and journaled the first time, returned from the journal when the code is replayed. A
 * replayed call that differs from the recorded one (kind, name or argument hash) stops the run
 * with a {@link NonDeterminismException}.
 *
 * <p>Methods that wait ({@link #sleep}, {@link #awaitSignal}, a child's result, an activity) are
 * await points: a cancellation is delivered there as a {@link CancelledException}. A wait that is
 * not over holds no thread: the run is committed WAITING and this execution is abandoned by an
 * {@link Error} that workflow code must not catch and keep; it is replayed when the wait ends.
 */
public interface WorkflowContext {
  /** The run's id. */
  String runId();

  /** Whether the code is re-running recorded history (logs and side effects are skipped). */
  boolean isReplaying();

  /** Runs {@code fn} once and records its result; a replay returns the recorded result. */
  <R> R step(String name, Class<R> type, Activity.Fn0<R> fn);

  /** Runs {@code fn} once and records that it ran. */
  void step(String name, Activity.Run0 fn);

  /** Calls an activity: retried, timed out and recorded as its options say. */
  <A, R> R activity(Activity<A, R> activity, A args);

  /** Calls an activity made on the spot, with default options. */
  default <A, R> R activity(String name, Class<R> type, A args, Activity.Fn<A, R> fn) {
    return activity(Activity.of(name, type, fn), args);
  }

  /** Waits {@code duration} of the run's clock (holding no thread). */
  void sleep(Duration duration);

  /** Waits for signal {@code name} and returns its payload as {@code type}. */
  <T> T awaitSignal(String name, Type type);

  /** Waits for signal {@code name} and returns its payload as {@code type}. */
  default <T> T awaitSignal(String name, Class<T> type) {
    return awaitSignal(name, (Type) type);
  }

  /** Waits for signal {@code name} at most {@code timeout}; empty if it timed out. */
  default <T> Optional<T> awaitSignal(String name, Class<T> type, Duration timeout) {
    return awaitSignal(name, (Type) type, timeout);
  }

  /** Waits for signal {@code name} at most {@code timeout}; empty if it timed out. */
  <T> Optional<T> awaitSignal(String name, Type type, Duration timeout);

  /** The run's state: keys and JSON values, journaled as they change, readable by queries. */
  WorkflowState state();

  /** The time, recorded: the same instant on every replay. */
  Instant now();

  /** A random generator whose seed is recorded: the same sequence on every replay. */
  RandomGenerator random();

  /** A random UUID, recorded. */
  UUID uuid();

  /** A logger whose lines are stored with the run once, and not repeated on replay. */
  WorkflowLogger logger();

  /**
   * The version of change {@code changeId} this run follows: {@code maxSupported} for a run that
   * reaches this point for the first time, the recorded version for one that did before, and
   * {@link #DEFAULT_VERSION} for a run recorded before the change existed (allowed only if
   * {@code minSupported} is {@code DEFAULT_VERSION}).
   */
  int version(String changeId, int minSupported, int maxSupported);

  /** The version of runs recorded before a {@link #version} call was added. */
  int DEFAULT_VERSION = -1;

  /** Starts a child workflow run (id: this run's id + "/" + position). */
  <I, R> ChildHandle<R> startChild(Workflow<I, R> workflow, I input);

  /** Starts a child workflow run and waits for its result. */
  default <I, R> R child(Workflow<I, R> workflow, I input) {
    return startChild(workflow, input).result();
  }

  /**
   * Ends this run and starts a fresh run of the same workflow with {@code input} and an empty
   * history (id: the first run's id + "~" + generation); handles follow the chain. Does not
   * return; write {@code return ctx.continueAsNew(next);}.
   */
  <T> T continueAsNew(Object input);
}
