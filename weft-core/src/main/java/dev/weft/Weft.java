package dev.weft;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.internal.Definitions;
import dev.weft.internal.Engine;
import dev.weft.internal.Enqueuer;
import dev.weft.internal.Forker;
import dev.weft.internal.Json;
import dev.weft.internal.Launcher;
import dev.weft.internal.Scheduler;
import dev.weft.internal.Signals;
import dev.weft.internal.Stores;
import dev.weft.spi.Store;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The entry point: a Weft instance opened on a store, running durable runs.
 *
 * <pre>{@code
 * try (Weft weft = Weft.open("sqlite:runs.db")) {
 *   RunInfo run = weft.run(new Counter(), "count-1", new Counter.Input(10));
 *   int result = run.result(Integer.class);
 * }
 * }</pre>
 *
 * <p>While it is open, its scheduler continues waiting runs of the definitions it knows when
 * their signal arrives or their time comes ({@link WeftBuilder#scheduler}); a waiting run holds
 * no thread. Thread-safe. Closing it pauses runs it is executing at their next step boundary.
 *
 * <p>To spread runs over many processes, {@link #enqueue} them and run {@link Worker}s (or {@code
 * weft worker}) on the same store, typically PostgreSQL.
 */
public final class Weft implements AutoCloseable {
  private final Store store;
  private final Engine engine;
  private final Definitions definitions;
  private final Launcher launcher;
  private final Inspector inspector;
  private final Signals signals;
  private final @Nullable Scheduler scheduler;
  private final Snapshots snapshots;
  private final dev.weft.internal.workflow.WorkflowRuntime workflowRuntime;
  private final dev.weft.workflow.Workflows workflows;

  Weft(Store store, Engine engine, Definitions definitions, @Nullable Duration poll) {
    this.store = store;
    this.engine = engine;
    this.definitions = definitions;
    this.launcher = new Launcher(engine, definitions);
    this.workflowRuntime = new dev.weft.internal.workflow.WorkflowRuntime(engine, definitions,
        launcher, poll != null);
    this.workflows = new dev.weft.internal.workflow.WorkflowClient(workflowRuntime);
    this.inspector = new Inspector(engine);
    this.signals = new Signals(engine);
    this.scheduler = poll == null ? null : new Scheduler(engine, launcher, definitions, poll);
    this.snapshots = new Snapshots(engine);
  }

  /**
   * Opens the SQLite store {@code weft.db} in the working directory, with defaults: its
   * scheduler continues waiting runs of registered definitions when they are due.
   */
  public static Weft open() {
    return builder().build();
  }

  /**
   * Opens a store by URL: {@code sqlite:PATH}, {@code memory:}, or a plain file path (SQLite),
   * with defaults otherwise.
   */
  public static Weft open(String url) {
    return builder().url(url).build();
  }

  public static WeftBuilder builder() {
    return new WeftBuilder();
  }

  static Weft create(WeftBuilder b) {
    Store store = b.store() != null ? b.store() : Stores.open(b.url(), b.storeOptions());
    try {
      Engine engine = new Engine(store, b.clock(), b.random(), new Engine.Settings(
          b.leaseTtl(), b.inlineLimit(), b.secretKey()));
      Definitions definitions = new Definitions();
      b.definitions().forEach(definitions::register);
      if (b.discover()) {
        definitions.discover(Thread.currentThread().getContextClassLoader());
      }
      return new Weft(store, engine, definitions, b.scheduler() ? b.pollInterval() : null);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** Makes definitions available to {@link #resume}, {@link #retry} and {@link #start}. */
  public Weft register(Definition... defs) {
    boolean added = false;
    for (Definition d : defs) {
      added |= definitions.register(Objects.requireNonNull(d, "definition"));
    }
    if (added && scheduler != null) {
      scheduler.poke(); // runs of a new definition may be due already
    }
    return this;
  }

  /**
   * Starts a run of {@code loop} with id {@code runId} and drives it until it completes, fails,
   * pauses or needs attention. Starting an existing id with the same definition and input
   * continues that run; anything else under the same id is an error.
   */
  public <I, S, R> RunInfo run(Loop<I, S, R> loop, String runId, I input) {
    return run(loop, runId, input, RunOptions.defaults());
  }

  public <I, S, R> RunInfo run(Loop<I, S, R> loop, String runId, I input, RunOptions options) {
    register(loop);
    JsonNode json;
    try {
      json = Json.tree(input);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("input of " + loop.name() + " cannot be serialized to"
          + " JSON: " + e.getMessage(), e);
    }
    return launcher.start(loop, runId, json, options, false);
  }

  /**
   * Starts a run of {@code loop} with a new id and drives it until its first wait or its end
   * (or a failure, a pause, an in-doubt call). A run at a wait is WAITING: the scheduler, a
   * {@code weft worker} or {@link #resume} continues it once what it waits for arrives.
   */
  public <I, S, R> RunInfo run(Loop<I, S, R> loop, I input) {
    byte[] id = new byte[8];
    synchronized (engine.random()) { // shared with retry jitter, and not thread-safe
      engine.random().nextBytes(id);
    }
    return run(loop, loop.name() + "-" + HexFormat.of().formatHex(id), input);
  }

  /**
   * Puts a run of {@code loop} in a queue for workers ({@link Worker}, {@code weft worker})
   * without executing it here: the run is PENDING and unheld until a worker of its queue that
   * has {@code loop} registered claims it. Enqueueing an existing id with the same definition
   * and input returns that run untouched. With a deduplication id, while an unfinished run of the
   * same queue has that id, that run is returned instead of a new one (its id tells which).
   */
  public <I, S, R> RunInfo enqueue(Loop<I, S, R> loop, String runId, I input,
      EnqueueOptions options) {
    JsonNode json;
    try {
      json = Json.tree(input);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("input of " + loop.name() + " cannot be serialized to"
          + " JSON: " + e.getMessage(), e);
    }
    return new Enqueuer(engine).enqueue(loop, runId, json, options);
  }

  /** {@link #enqueue(Loop, String, Object, EnqueueOptions)} in the default queue. */
  public <I, S, R> RunInfo enqueue(Loop<I, S, R> loop, String runId, I input) {
    return enqueue(loop, runId, input, EnqueueOptions.defaults());
  }

  /** Enqueues a run of a registered definition by name, with JSON input. */
  public RunInfo enqueue(String definition, String runId, JsonNode input,
      EnqueueOptions options) {
    return new Enqueuer(engine).enqueue(definitions.get(definition), runId, input, options);
  }

  /** Starts a run of a registered definition by name, with JSON input. */
  public RunInfo start(String definition, String runId, JsonNode input, RunOptions options) {
    return launcher.start(definitions.get(definition), runId, input, options, false);
  }

  /**
   * Continues a pending, paused or crashed run from its last committed step.
   *
   * @throws RunHeldException if another live executor holds it
   */
  public RunInfo resume(String runId, RunOptions options) {
    return launcher.resume(runId, options, false);
  }

  public RunInfo resume(String runId) {
    return resume(runId, RunOptions.defaults());
  }

  /**
   * Advances a run here until its next wait or its end: the graph vocabulary for {@link
   * #resume(String)}. A run that waits for something that has not arrived stays WAITING.
   */
  public RunInfo tick(String runId) {
    return resume(runId);
  }

  /** Like {@link #resume}, but waits for another holder's lease to end instead of failing. */
  public RunInfo resumeWhenFree(String runId, RunOptions options) {
    return launcher.resume(runId, options, true);
  }

  /**
   * Sends signal {@code name} with {@code payload} (any JSON-serializable value, or null) to a
   * run that has not ended. It is durable once this returns, delivered once, in the order sent
   * among signals of its name, and kept until the run waits for {@code name} if it does not yet.
   * Returns the run as stored after the signal; a scheduler continues it if it was waiting.
   *
   * @throws RunNotFoundException if there is no such run
   * @throws IllegalRunStateException if the run has ended
   */
  public RunInfo signal(String runId, String name, @Nullable Object payload) {
    return signals.send(runId, name, Signals.json(payload, "payload of signal '" + name + "'"),
        false);
  }

  /**
   * Answers the run's pending wait (an {@link WaitFor.AskUser} or a signal wait) without
   * naming it. A clear error if the run waits for nothing, for a time only, or was answered
   * already.
   */
  public RunInfo respond(String runId, @Nullable Object payload) {
    String key = signals.pendingKey(runId);
    return signals.send(runId, key, Signals.json(payload, "answer"), true);
  }

  /**
   * Delivers {@code payload} to the run's wait on {@code waitKey} and drives the run here until
   * its next wait or its end (a graph's {@code resume(waitKey, payload)}). A clear error if the
   * run does not wait for {@code waitKey}.
   */
  public RunInfo resume(String runId, String waitKey, @Nullable Object payload) {
    definitions.get(get(runId).definition().name()); // the code to continue it must be here
    signals.checkKey(runId, waitKey);
    signals.send(runId, waitKey, Signals.json(payload, "payload for '" + waitKey + "'"), true);
    try {
      return launcher.resume(runId, RunOptions.defaults(), false);
    } catch (RunHeldException | IllegalRunStateException e) {
      // The scheduler (or another worker) took the run first: report where it got to.
      return await(runId, Duration.ofSeconds(30));
    }
  }

  /**
   * Waits until the run stops moving on its own — it ended, needs attention, is paused, or waits
   * for something that has not arrived — or {@code timeout} has passed; returns the run as
   * stored then. With a scheduler running, a run whose signal or time has come is continued
   * meanwhile.
   */
  public RunInfo await(String runId, Duration timeout) {
    return engine.info(engine.await(runId, timeout));
  }

  /** Continues a FAILED run from its last committed step; attempt numbers continue. */
  public RunInfo retry(String runId, RunOptions options) {
    return launcher.retry(runId, options, false);
  }

  public RunInfo retry(String runId) {
    return retry(runId, RunOptions.defaults());
  }

  /** Settles an in-doubt tool call of a run in {@link RunStatus#NEEDS_ATTENTION}. */
  public RunInfo resolve(String runId, String callKey, Resolution resolution) {
    return launcher.resolve(runId, callKey, resolution);
  }

  /** The run as stored now. */
  public RunInfo get(String runId) {
    return launcher.get(runId);
  }

  /** Workflows: start runs of {@link dev.weft.workflow.Workflow}s and reach them by handle. */
  public dev.weft.workflow.Workflows workflows() {
    return workflows;
  }

  /** Reading runs, journals, attempts and tool calls; verifying journals. */
  public Inspector inspector() {
    return inspector;
  }

  /** Taking, finding and listing snapshots of runs' states. */
  public Snapshots snapshots() {
    return snapshots;
  }

  /**
   * Creates run {@code newRunId} of the same definition as {@code runId}, beginning at {@code
   * from} with the state there and the original's input; its start entry and {@link
   * RunInfo.DefinitionRef#forkedFrom()} record where it came from. The fork is PENDING: {@link
   * #resume} executes it (the definition must be registered then, not now).
   *
   * @throws InvalidInputException if {@code newRunId} exists, the run or snapshot does not, or
   *     the step is out of range or its state was not kept; nothing is written
   */
  public RunInfo fork(String runId, ForkPoint from, String newRunId) {
    return new Forker(engine).fork(runId, from, newRunId);
  }

  Engine engine() {
    return engine;
  }

  Definitions definitions() {
    return definitions;
  }

  Launcher launcher() {
    return launcher;
  }

  /** Stops this instance's own scheduler: a worker continues due runs instead. */
  void stopScheduler() {
    if (scheduler != null) {
      scheduler.stop();
    }
  }

  /**
   * Closes this instance as a worker does: runs it executes pause at their next step boundary
   * (waiting up to {@code drain}), the leases of those still executing after that are released,
   * then the store is closed.
   */
  void closeReleasing(java.time.Duration drain) {
    try {
      if (scheduler != null) {
        scheduler.stop();
      }
      engine.drain(drain);
      engine.releaseHeld();
      engine.close();
    } finally {
      store.close();
    }
  }

  /** The underlying store (for tools and tests). */
  public Store store() {
    return store;
  }

  /** Whether {@link #close} has begun: runs executing here pause at their next step boundary. */
  public boolean isClosing() {
    return engine.closing();
  }

  /**
   * Closes this instance: runs it is executing pause at their next step boundary (waiting up to
   * ten seconds for them), then the store is closed. A paused run continues with {@link
   * #resume}.
   */
  @Override
  public void close() {
    try {
      if (scheduler != null) {
        scheduler.stop();
      }
      engine.drain(Duration.ofSeconds(10));
      workflowRuntime.close();
      if (scheduler != null) {
        scheduler.close(Duration.ofSeconds(1));
      }
      engine.close();
    } finally {
      store.close();
    }
  }
}
