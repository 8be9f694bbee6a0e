package dev.weft.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.Definition;
import dev.weft.ErrorClass;
import dev.weft.Failure;
import dev.weft.IllegalRunStateException;
import dev.weft.InvalidInputException;
import dev.weft.Loop;
import dev.weft.Resolution;
import dev.weft.RunHeldException;
import dev.weft.RunInfo;
import dev.weft.RunNotFoundException;
import dev.weft.RunOptions;
import dev.weft.RunStatus;
import dev.weft.spi.ChainHead;
import dev.weft.spi.Claim;
import dev.weft.spi.EntryKind;
import dev.weft.spi.JournalRecord;
import dev.weft.spi.NewRun;
import dev.weft.spi.Payload;
import dev.weft.spi.RunRecord;
import dev.weft.spi.RunUpdate;
import dev.weft.spi.Store;
import dev.weft.spi.ToolCallRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Starting, resuming, retrying and resolving runs: the checks, then the execution. */
public final class Launcher {
  private static final int MAX_RUN_ID = 200;

  private final Engine engine;
  private final Definitions definitions;
  private final Waits waits;
  private final List<Kind> kinds = new java.util.concurrent.CopyOnWriteArrayList<>();

  public Launcher(Engine engine, Definitions definitions) {
    this.engine = engine;
    this.definitions = definitions;
    this.waits = new Waits(engine);
  }

  /**
   * Executes runs of a kind of definition other than {@link Loop} (workflows, graphs) through
   * the same claims, waits and lease as loops.
   */
  public interface Kind {
    boolean accepts(Definition d);

    /** Starts (or continues the existing run with this id) like {@link Launcher#start}. */
    RunInfo start(Definition d, String runId, JsonNode input, RunOptions options, boolean wait);

    /** Executes a claimed run; {@code woken} is what woke a WAITING run, if it waited. */
    RunInfo drive(Definition d, Claim.Granted granted, RunOptions options,
        Waits.@org.jspecify.annotations.Nullable Woken woken, boolean background,
        boolean freshRetryBudget);

    /**
     * Whether a WAITING run that nothing it waits for has woken is due anyway (a pending
     * cancellation that its code receives at the wait); then it is driven without a wake.
     */
    default boolean interrupted(RunRecord waiting) {
      return false;
    }
  }

  /** Adds a kind of definition this launcher can execute. */
  public void addKind(Kind kind) {
    kinds.add(kind);
  }

  private @org.jspecify.annotations.Nullable Kind kindOf(Definition d) {
    for (Kind k : kinds) {
      if (k.accepts(d)) {
        return k;
      }
    }
    return null;
  }

  /** Checks that a definition can be executed here, before anything is claimed. */
  private void checkExecutable(Definition d) {
    if (kindOf(d) == null) {
      asLoop(d);
    }
  }

  private RunInfo drive(Definition d, Claim.Granted granted, RunOptions options,
      Waits.@org.jspecify.annotations.Nullable Woken woken, boolean background,
      boolean freshRetryBudget) {
    Kind k = kindOf(d);
    if (k != null) {
      return k.drive(d, granted, options, woken, background, freshRetryBudget);
    }
    LoopRunner<Object, Object, Object> runner = new LoopRunner<>(engine, asLoop(d), options)
        .woken(woken);
    if (background) {
      runner.background();
    }
    if (freshRetryBudget) {
      runner.freshRetryBudget();
    }
    return runner.drive(granted);
  }

  /**
   * Starts a run (or continues the existing run with this id, if it is the same definition and
   * input) and drives it until it completes, fails, pauses or needs attention.
   */
  public RunInfo start(Definition definition, String runId, JsonNode input, RunOptions options,
      boolean wait) {
    checkRunId(runId);
    Kind kind = kindOf(definition);
    if (kind != null) {
      return kind.start(definition, runId, input, options, wait);
    }
    Loop<Object, Object, Object> loop = asLoop(definition);
    Loop.Types types = loop.types();
    Object typedInput = Json.convert(input, types.input(), "input of " + loop.name());
    // No read first: create() returns an existing run untouched, and starting thousands of
    // runs at once is where that read would cost. Only a failing start looks for an existing
    // run, whose clash (another definition or input) is the better message.
    Object state;
    try {
      state = loop.start(typedInput);
    } catch (Exception e) {
      var existing = engine.store().find(runId);
      if (existing.isPresent()) {
        return continueExisting(existing.get(), loop, input, options, wait);
      }
      if (e instanceof InvalidInputException invalid) {
        throw invalid;
      }
      throw new InvalidInputException("start of " + loop.name() + " rejected the input: "
          + e.getMessage(), e);
    }
    NewLoopRun fresh = newLoopRun(engine, loop, runId, input, state, engine.ownerId());
    NewRun n = fresh.run();
    Store.Created created = engine.create(n);
    if (!created.created()) {
      return continueExisting(created.run(), loop, input, options, wait);
    }
    return new LoopRunner<>(engine, loop, options).freshRun(fresh.state())
        .drive(new Claim.Granted(created.run(), null));
  }

  /** A new loop run's row with its start entry, and its initial state as read back. */
  record NewLoopRun(NewRun run, Object state) {}

  /**
   * Builds a new loop run from the state its definition started with: held by {@code owner}
   * (this instance) from now, or unheld for a queue ({@code owner} null). The state must encode
   * and decode: a state that is written but cannot be read back would leave a run no one can
   * execute.
   */
  static NewLoopRun newLoopRun(Engine engine, Loop<Object, Object, Object> loop, String runId,
      JsonNode input, @org.jspecify.annotations.Nullable Object state,
      @org.jspecify.annotations.Nullable String owner) {
    if (state == null) {
      throw new InvalidInputException("start of " + loop.name() + " returned a null state");
    }
    byte[] stateBytes = Json.encode(state, "initial state of " + loop.name());
    Object decoded = Json.decode(stateBytes, loop.types().state(),
        "initial state of " + loop.name());
    long now = engine.clock().millis();
    byte[] started = Entries.runStarted(loop.name(), loop.version(), input, stateBytes);
    byte[] link = engine.chain().link(HashChain.genesis(), runId, 1, EntryKind.RUN_STARTED, 0,
        now, HashChain.digest(started));
    List<dev.weft.spi.Blob> blobs = new ArrayList<>();
    Payload startedPayload = RunWriter.payload(started, engine.inlineLimit(), blobs);
    Payload statePayload = RunWriter.payload(stateBytes, engine.inlineLimit(), blobs);
    NewRun n = new NewRun(runId, new RunRecord.RunHeader(loop.name(), loop.version(), now,
        null), statePayload,
        List.of(new JournalRecord(1, EntryKind.RUN_STARTED, 0, now, startedPayload,
            HashChain.stored(link))),
        new ChainHead(1, link, engine.chain().isKeyed()), blobs, owner,
        owner == null ? 0 : engine.leaseUntil(now));
    return new NewLoopRun(n, decoded);
  }

  /**
   * Checks that an existing run is the one a start with this definition and input asks for.
   *
   * @throws InvalidInputException naming the clash (another definition or another input)
   */
  static void checkSameStart(Engine engine, RunRecord run, String definition, JsonNode input) {
    if (!run.header().definition().equals(definition)) {
      throw new InvalidInputException("run '" + run.runId() + "' already exists for definition '"
          + run.header().definition() + "', not '" + definition + "'; choose another run id");
    }
    List<JournalRecord> first = engine.store().journal(run.key(), 0, 1);
    JsonNode recorded = first.isEmpty() ? Json.object()
        : Json.tree(engine.bytes(first.get(0).payload())).path("input");
    if (!recorded.equals(input)) {
      throw new InvalidInputException("run '" + run.runId() + "' already exists with input "
          + Json.text(recorded) + ", not " + Json.text(input) + "; choose another run id");
    }
  }

  private RunInfo continueExisting(RunRecord run, Loop<Object, Object, Object> loop,
      JsonNode input, RunOptions options, boolean wait) {
    checkSameStart(engine, run, loop.name(), input);
    if (run.status() == RunStatus.PENDING || run.status() == RunStatus.RUNNING) {
      try {
        return resume(run.runId(), options, wait);
      } catch (RunHeldException | IllegalRunStateException e) {
        // This instance's own scheduler took the run a moment ago (a due wait, a paused run),
        // or it moved on since it was read: report where it is, or where that execution
        // gets to.
        RunRecord now = find(run.runId());
        if (engine.ownerId().equals(now.lease().owner())) {
          return engine.info(engine.await(run.runId(), Duration.ofDays(3650)));
        }
        if (now.status() != RunStatus.PENDING && now.status() != RunStatus.RUNNING) {
          return engine.info(now);
        }
        throw e;
      }
    }
    return engine.info(run);
  }

  /**
   * Continues a run that is pending, running (after a crash) or paused, or that waits and whose
   * signal or time has come.
   */
  public RunInfo resume(String runId, RunOptions options, boolean wait) {
    RunRecord run = find(runId);
    checkResumable(run);
    Definition def = definitions.get(run.header().definition());
    if (run.status() == RunStatus.WAITING && waits.wake(run, engine.clock().millis()) == null
        && !interrupted(def, run)) {
      throw notDue(run);
    }
    checkExecutable(def);
    Claim.Granted granted = engine.claim(runId, wait);
    RunRecord held = granted.run();
    Waits.Woken woken = null;
    try {
      checkResumable(held);
      if (held.status() == RunStatus.WAITING) {
        woken = waits.wake(held, engine.clock().millis());
        if (woken == null && !interrupted(def, held)) {
          throw notDue(held);
        }
      }
    } catch (RuntimeException e) {
      engine.giveBack(held);
      throw e;
    }
    return drive(def, granted, options, woken, false, false);
  }

  /** Waits until a time; false if it gave up (the scheduler is stopping). */
  @FunctionalInterface
  public interface Pause {
    boolean until(long millis);
  }

  /**
   * Continues a due run for the scheduler: a waiting run whose signal or time has come, or a run
   * a closing worker paused for the next one. The run is claimed first, then {@code pause} waits
   * until {@code atMillis}, when it is due: the claim is off the timer's critical path. Returns
   * false if the run turned out not to be due (nothing was executed or written but the claim).
   *
   * @throws dev.weft.RunHeldException if another executor holds it
   */
  public boolean wake(RunRecord run, long atMillis, Pause pause) {
    String runId = run.runId();
    Definition def = definitions.get(run.header().definition());
    checkExecutable(def);
    Claim.Granted granted = engine.claim(runId, false);
    RunRecord held = granted.run();
    Waits.Woken woken;
    try {
      if (!pause.until(atMillis)) {
        engine.giveBack(held);
        return true;
      }
      woken = held.status() == RunStatus.WAITING
          ? waits.wake(held, engine.clock().millis()) : null;
    } catch (RuntimeException e) {
      engine.giveBack(held);
      throw e;
    }
    boolean due = woken != null
        || held.status() == RunStatus.PAUSED && held.progress().wakeAtMillis() != null
        || held.status() == RunStatus.WAITING && interrupted(def, held);
    if (!due) {
      engine.giveBack(held);
      return held.status() != RunStatus.WAITING && held.status() != RunStatus.PAUSED;
    }
    drive(def, granted, RunOptions.defaults(), woken, true, false);
    return true;
  }

  private boolean interrupted(Definition d, RunRecord waiting) {
    Kind k = kindOf(d);
    return k != null && k.interrupted(waiting);
  }

  /**
   * Executes a run a worker claimed from the store, whatever its kind: a pending (enqueued) run
   * from its start, a running or paused one from its last committed step, a waiting one if what
   * it waits for has come (or it was interrupted); otherwise the claim is given back.
   */
  public void executeClaimed(Claim.Granted granted) {
    RunRecord held = granted.run();
    Definition d = definitions.get(held.header().definition());
    checkExecutable(d);
    Waits.Woken woken = null;
    switch (held.status()) {
      case PENDING, RUNNING, PAUSED -> { }
      case WAITING -> {
        woken = waits.wake(held, engine.clock().millis());
        if (woken == null && !interrupted(d, held)) {
          engine.giveBack(held); // not due after all (a race with another claimer's commit)
          return;
        }
      }
      default -> {
        engine.giveBack(held);
        return;
      }
    }
    Kind k = kindOf(d);
    if (k != null) {
      k.drive(d, granted, RunOptions.defaults(), woken, true, false);
      return;
    }
    LoopRunner<Object, Object, Object> runner = new LoopRunner<>(engine, asLoop(d),
        RunOptions.defaults()).background();
    if (held.status() == RunStatus.PENDING) {
      runner.freshRun(null).drive(granted); // the state is read from the store
    } else {
      runner.woken(woken).drive(granted);
    }
  }

  private static IllegalRunStateException notDue(RunRecord run) {
    return new IllegalRunStateException(run.runId(), run.status(), Waits.describe(run)
        + "; nothing to resume until then");
  }

  /** Continues a FAILED run from its last committed step. */
  public RunInfo retry(String runId, RunOptions options, boolean wait) {
    RunRecord run = find(runId);
    if (run.status() != RunStatus.FAILED) {
      throw new IllegalRunStateException(runId, run.status(), "only FAILED runs can be retried");
    }
    Definition def = definitions.get(run.header().definition());
    checkExecutable(def);
    Claim.Granted granted = engine.claim(runId, wait);
    RunRecord held = granted.run();
    if (held.status() != RunStatus.FAILED) {
      engine.giveBack(held);
      throw new IllegalRunStateException(runId, held.status(), "only FAILED runs can be retried");
    }
    RunWriter writer = new RunWriter(engine.store(), engine.chain(), engine.inlineLimit(), held);
    Failure previous = held.progress().failure() == null
        ? Failure.of(ErrorClass.UNKNOWN, "unknown") : held.progress().failure();
    writer.append(EntryKind.RUN_RETRIED, held.progress().steps(), engine.clock().millis(),
        Entries.retried(held.progress().steps(), previous));
    writer.commit(new RunUpdate(RunStatus.PAUSED, held.progress().steps(), null, null, null,
        null, null, false), false);
    RunRecord retried = find(runId);
    return drive(def, new Claim.Granted(retried, null), options, null, false, true);
  }

  /** Settles an in-doubt tool call of a run that needs attention. */
  public RunInfo resolve(String runId, String callKey, Resolution resolution) {
    inDoubtCall(find(runId), callKey);
    Claim.Granted granted = engine.claim(runId, false);
    RunRecord held = granted.run();
    ToolCallRow row;
    try {
      // Check again under the lease: another operator may have settled the call (and the run
      // moved on) between the first check and the claim.
      row = inDoubtCall(held, callKey);
    } catch (RuntimeException e) {
      engine.giveBack(held);
      throw e;
    }
    RunWriter writer = new RunWriter(engine.store(), engine.chain(), engine.inlineLimit(), held);
    long now = engine.clock().millis();
    long step = row.step();
    RunStatus next = RunStatus.PAUSED;
    Failure failure = null;
    ToolCallRow settled;
    switch (resolution) {
      case Resolution.Retry r -> {
        long seq = writer.append(EntryKind.CALL_RESOLVED, step, now,
            Entries.resolved(callKey, r.action(), Json.object()));
        settled = settle(row, ToolCallRow.Status.FAILED, seq, now);
      }
      case Resolution.Result r -> {
        long seq = writer.append(EntryKind.TOOL_RESULT, step, now,
            Entries.toolResult(callKey, r.value()));
        writer.append(EntryKind.CALL_RESOLVED, step, now,
            Entries.resolved(callKey, r.action(), r.value()));
        settled = settle(row, ToolCallRow.Status.DONE, seq, now);
      }
      case Resolution.Fail f -> {
        failure = Failure.of(ErrorClass.BUSINESS, "tool call '" + callKey
            + "' failed by an operator: " + f.message());
        long seq = writer.append(EntryKind.TOOL_FAILED, step, now,
            Entries.toolFailed(callKey, failure));
        writer.append(EntryKind.CALL_RESOLVED, step, now,
            Entries.resolved(callKey, f.action(), Json.tree(f.message())));
        writer.append(EntryKind.RUN_FAILED, step, now, Entries.failure(failure));
        settled = settle(row, ToolCallRow.Status.FAILED, seq, now);
        next = RunStatus.FAILED;
      }
    }
    writer.toolCall(settled);
    writer.commit(new RunUpdate(next, held.progress().steps(), null, null, failure, null, null,
        true), true);
    return get(runId);
  }

  /** The call {@code callKey} of {@code run}, if the run needs attention and it is in doubt. */
  private ToolCallRow inDoubtCall(RunRecord run, String callKey) {
    if (run.status() != RunStatus.NEEDS_ATTENTION) {
      throw new IllegalRunStateException(run.runId(), run.status(),
          "only runs that need attention have calls to resolve");
    }
    ToolCallRow row = engine.store().toolCall(run.key(), callKey).orElseThrow(
        () -> new InvalidInputException("run '" + run.runId() + "' has no tool call '" + callKey
            + "'; see weft tool-calls --run-id " + run.runId()));
    if (row.status() != ToolCallRow.Status.PENDING) {
      throw new InvalidInputException("tool call '" + callKey + "' of run '" + run.runId()
          + "' is " + row.status() + ", not in doubt; nothing to resolve");
    }
    return row;
  }

  private static ToolCallRow settle(ToolCallRow row, ToolCallRow.Status status, long seq,
      long now) {
    return new ToolCallRow(row.key(), row.tool(), row.step(), status, row.intentSeq(), seq,
        row.startedMillis(), now);
  }

  public RunInfo get(String runId) {
    return engine.info(find(runId));
  }

  private RunRecord find(String runId) {
    return engine.store().find(runId).orElseThrow(() -> new RunNotFoundException(runId));
  }

  private static boolean resumable(RunStatus s) {
    return s == RunStatus.PENDING || s == RunStatus.RUNNING || s == RunStatus.PAUSED
        || s == RunStatus.WAITING;
  }

  private void checkResumable(RunRecord run) {
    RunStatus s = run.status();
    if (resumable(s)) {
      return;
    }
    String why = switch (s) {
      case FAILED -> "use retry to continue it from its last committed step";
      case NEEDS_ATTENTION -> {
        JsonNode d = engine.info(run).detail();
        yield d == null ? "resolve its in-doubt tool call first"
            : d.path("message").asText("resolve its in-doubt tool call first");
      }
      default -> "it has ended; nothing to resume";
    };
    throw new IllegalRunStateException(run.runId(), s, why);
  }

  @SuppressWarnings("unchecked")
  private static Loop<Object, Object, Object> asLoop(Definition d) {
    if (d instanceof Loop<?, ?, ?> loop) {
      return (Loop<Object, Object, Object>) loop;
    }
    throw new InvalidInputException("definition '" + d.name() + "' is a "
        + d.getClass().getSimpleName() + ", which this version cannot execute");
  }

  /** Checks a caller-chosen run id (also for other models' start paths). */
  public static void checkRunId(String runId) {
    if (runId == null || runId.isBlank()) {
      throw new InvalidInputException("run id must not be blank");
    }
    if (runId.length() > MAX_RUN_ID) {
      throw new InvalidInputException("run id is " + runId.length() + " characters; at most "
          + MAX_RUN_ID + " are allowed");
    }
    for (int i = 0; i < runId.length(); i++) {
      if (Character.isISOControl(runId.charAt(i))) {
        throw new InvalidInputException("run id must not contain control characters");
      }
    }
  }
}
