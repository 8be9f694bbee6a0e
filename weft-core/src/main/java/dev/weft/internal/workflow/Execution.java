package dev.weft.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.Failure;
import dev.weft.LeaseLostException;
import dev.weft.RunStatus;
import dev.weft.internal.Engine;
import dev.weft.internal.Entries;
import dev.weft.internal.Failures;
import dev.weft.internal.Json;
import dev.weft.internal.RunWriter;
import dev.weft.spi.EntryKind;
import dev.weft.spi.Payload;
import dev.weft.spi.RunRecord;
import dev.weft.spi.RunUpdate;
import dev.weft.spi.SignalRecord;
import dev.weft.spi.Store;
import dev.weft.spi.Waiting;
import dev.weft.spi.Wakeup;
import dev.weft.workflow.Activity;
import dev.weft.workflow.Workflow;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One execution of a workflow run past its history: journals commands through the run's
 * {@link RunWriter} under the lease, committing pure commands together with the next commit
 * that matters (an effect's intent, a wait, the end), which flushes before anything outside the
 * run can see it.
 */
final class Execution implements Live {
  private static final System.Logger LOG = System.getLogger("dev.weft.workflow");
  private static final int MAX_PENDING = 256;

  final WorkflowRuntime runtime;
  final Engine engine;
  final Store store;
  final RunWriter writer;
  final RunRecord run;
  final History history;
  final Workflow<Object, Object> workflow;
  final ObjectNode view;
  final Engine.Execution lease;
  final boolean background;
  @Nullable Context ctx;
  private boolean viewDirty;
  private int pending;
  /** Whether the lease was given up by a commit (or a release) of this execution. */
  boolean released;

  Execution(WorkflowRuntime runtime, RunRecord run, History history,
      Workflow<Object, Object> workflow, ObjectNode view, Engine.Execution lease,
      boolean background) {
    this.runtime = runtime;
    this.engine = runtime.engine;
    this.store = engine.store();
    this.writer = new RunWriter(store, engine.chain(), engine.inlineLimit(), run);
    this.run = run;
    this.history = history;
    this.workflow = workflow;
    this.view = view;
    this.lease = lease;
    this.background = background;
  }

  String runId() {
    return run.runId();
  }

  int steps() {
    return ctx == null ? history.size() : Math.max(ctx.position(), history.size());
  }

  long now() {
    return engine.clock().millis();
  }

  /** Appends a command entry and folds it into the history. */
  long append(EntryKind kind, int pos, ObjectNode entry) {
    long seq = writer.append(kind, pos, now(), Json.bytes(entry));
    history.add(new History.Entry(kind, pos, entry));
    pending++;
    return seq;
  }

  @Nullable Payload viewPayload() {
    if (!viewDirty) {
      return null;
    }
    viewDirty = false;
    if (ctx != null) {
      view.set("state", ctx.stateNode());
    }
    return writer.payload(Json.bytes(view));
  }

  void commitProgress(boolean flush) {
    writer.commit(RunUpdate.progress(steps(), viewPayload()), flush);
    pending = 0;
  }

  /** A full update to RUNNING (clears what the run waited for). */
  void commitRunning() {
    viewDirty = true;
    writer.commit(new RunUpdate(RunStatus.RUNNING, steps(), viewPayload(), null, null, null,
        null, false), false);
    pending = 0;
  }

  /** Commits an end of this execution that gives up the lease. */
  void commitEnd(RunStatus status, @Nullable Payload result, @Nullable Failure failure,
      @Nullable String detail, @Nullable Waiting waiting) {
    viewDirty = true;
    writer.commit(new RunUpdate(status, steps(), viewPayload(), result, failure, detail, waiting,
        true), true);
    released = true;
    pending = 0;
  }

  @Override
  public void record(EntryKind kind, int pos, ObjectNode entry) {
    append(kind, pos, entry);
    if (pending >= MAX_PENDING) {
      commitProgress(false);
    }
  }

  @Override
  public void step(int pos, ObjectNode entry, Activity.Fn0<?> fn) {
    checkpoint(pos);
    try {
      entry.set("result", Json.tree(fn.get()));
    } catch (Exception e) {
      entry.set("failure", Failures.toJson(Failure.of(e)));
    }
    append(EntryKind.WF_STEP, pos, entry);
    commitProgress(false);
  }

  @Override
  public void activity(int pos, ObjectNode entry, Activity<Object, Object> activity, Object args,
      @Nullable Recorded existing) {
    new Activities(this).execute(pos, entry, activity, args, existing);
  }

  @Override
  public void await(int pos, ObjectNode entry, EntryKind kind, @Nullable Recorded existing,
      Wait wait) {
    new Awaits(this).await(pos, entry, kind, existing, wait);
  }

  @Override
  public void startChild(int pos, ObjectNode entry, Workflow<?, ?> child, String childId,
      JsonNode input) {
    checkpoint(pos);
    @SuppressWarnings("unchecked")
    Workflow<Object, Object> wf = (Workflow<Object, Object>) child;
    Json.convert(input, wf.types().input(), "input of child " + wf.name());
    String owner = view.hasNonNull("owner") ? view.get("owner").asText() : null;
    Store.Created c = runtime.create(wf, childId, input, owner, runId(), null);
    append(EntryKind.WF_CHILD_STARTED, pos, entry);
    commitProgress(false);
    if (c.created()) {
      runtime.driveNew(wf, c.run());
    }
  }

  @Override
  public long nowMillis() {
    return now();
  }

  @Override
  public long seed() {
    synchronized (engine.random()) {
      return engine.random().nextLong();
    }
  }

  @Override
  public void checkpoint(int pos) {
    if (lease.lost()) {
      throw new LeaseLostException(runId(), writer.epoch());
    }
    if (engine.closing()) {
      long now = now();
      writer.append(EntryKind.RUN_PAUSED, pos, now, Entries.reason("shutdown"));
      commitEnd(RunStatus.PAUSED, null, null, null, background ? Waiting.dueAt(now) : null);
      throw Unwind.of(Unwind.Why.STOPPED);
    }
  }

  @Override
  public void stateChanged(ObjectNode state) {
    viewDirty = true;
  }

  @Override
  public void progress(int index, String stepName) {
    Workflow.StepInfo info = workflow.steps().get(index - 1);
    RunView.step(view, index, stepName, info.description());
    viewDirty = true;
  }

  @Override
  public void log(int pos, String level, String message) {
    ObjectNode e = Json.object();
    e.put("level", level);
    e.put("message", message);
    writer.append(EntryKind.WF_LOG, pos, now(), Json.bytes(e));
    pending++;
    LOG.log(switch (level) {
      case "WARN" -> System.Logger.Level.WARNING;
      case "ERROR" -> System.Logger.Level.ERROR;
      default -> System.Logger.Level.INFO;
    }, "[" + runId() + "] " + message);
  }

  /** Receives a pending signal at {@code pos}: journaled, consumed, in one commit. */
  void receive(int pos, SignalRecord s, String name) {
    ObjectNode e = Json.object();
    e.put("name", name);
    e.put("signal", s.seq());
    byte[] bytes = engine.bytes(s.payload());
    e.set("payload", bytes.length == 0 ? NullNode.getInstance() : Json.tree(bytes));
    long seq = append(EntryKind.SIGNAL_RECEIVED, pos, e);
    writer.wakeup(new Wakeup(seq, s.seq()));
    commitRunning();
  }

  /** Delivers a pending cancellation at {@code pos}, consuming it. */
  void deliverCancel(int pos, SignalRecord s) {
    byte[] bytes = engine.bytes(s.payload());
    ObjectNode e = Json.object();
    e.put("reason", bytes.length == 0 ? "cancelled" : Json.tree(bytes).asText("cancelled"));
    long seq = append(EntryKind.WF_CANCELLED, pos, e);
    writer.wakeup(new Wakeup(seq, s.seq()));
    commitRunning();
    runtime.cancelling.remove(runId());
  }

  Optional<SignalRecord> pendingCancel() {
    return store.pendingSignal(run.key(), WorkflowRuntime.CANCEL);
  }
}
