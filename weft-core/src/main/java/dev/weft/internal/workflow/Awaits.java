package dev.weft.internal.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.RunStatus;
import dev.weft.WaitFor;
import dev.weft.internal.Json;
import dev.weft.internal.Waits;
import dev.weft.spi.EntryKind;
import dev.weft.spi.RunRecord;
import dev.weft.spi.SignalRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Waits of workflow code: a timer that is already due or a child that already ended continue at
 * once; anything else commits the run WAITING (through the kernel's waits, so the scheduler and
 * {@code Store.signal} wake it) and unwinds the execution. Before giving up its lease the
 * execution looks once more for the signal or a cancellation that may have arrived meanwhile.
 */
final class Awaits {
  private final Execution x;

  Awaits(Execution x) {
    this.x = x;
  }

  void await(int pos, ObjectNode entry, EntryKind kind, @Nullable Recorded existing,
      Live.Wait wait) {
    if (existing == null) {
      x.checkpoint(pos);
      x.append(kind, pos, entry);
    }
    long now = x.now();
    String key = null;
    WaitFor waitFor;
    switch (wait) {
      case Live.Wait.Until u -> {
        if (u.atMillis() <= now) {
          ObjectNode e = Json.object();
          e.put("due", Instant.ofEpochMilli(u.atMillis()).toString());
          x.append(EntryKind.TIMER_FIRED, pos, e);
          x.commitProgress(false);
          return;
        }
        waitFor = new WaitFor.Until(Instant.ofEpochMilli(u.atMillis()));
      }
      case Live.Wait.Signal s -> {
        key = s.name();
        Long at = s.timeoutAtMillis();
        if (at != null && at <= now) {
          Optional<SignalRecord> early = x.store.pendingSignal(x.run.key(), key);
          if (early.isPresent()) {
            x.receive(pos, early.get(), key);
            return;
          }
          ObjectNode e = Json.object();
          e.put("name", key);
          e.put("due", Instant.ofEpochMilli(at).toString());
          x.append(EntryKind.WAIT_TIMED_OUT, pos, e);
          x.commitProgress(false);
          return;
        }
        waitFor = at == null ? WaitFor.signal(key)
            : WaitFor.signal(key, Duration.ofMillis(at - now));
      }
      case Live.Wait.Child c -> {
        key = Children.signalName(c.childId());
        if (childEnded(pos, c.childId(), key)) {
          return;
        }
        waitFor = WaitFor.signal(key);
      }
    }
    Waits.Plan plan = Waits.plan(waitFor, now, x.runId());
    x.writer.append(EntryKind.RUN_WAITING, pos, now, plan.entry());
    x.writer.commit(new dev.weft.spi.RunUpdate(RunStatus.WAITING, x.steps(), x.viewPayload(),
        null, null, plan.detailText(), plan.waiting(), false), true);
    // Still holding the lease: a signal or cancellation sent since is received here, so none
    // is left behind for a run nobody will wake.
    if (key != null) {
      Optional<SignalRecord> s = x.store.pendingSignal(x.run.key(), key);
      if (s.isPresent()) {
        x.receive(pos, s.get(), key);
        return;
      }
    }
    Optional<SignalRecord> cancel = x.pendingCancel();
    if (cancel.isPresent()) {
      x.deliverCancel(pos, cancel.get());
      return;
    }
    x.store.release(x.run.key(), x.engine.ownerId(), x.writer.epoch());
    x.released = true;
    if (plan.waiting().wakeAtMillis() != null) {
      x.engine.wakeAt(plan.waiting().wakeAtMillis());
    }
    throw Unwind.of(Unwind.Why.SUSPENDED);
  }

  /** Records the outcome of a child that has ended already; false if it has not. */
  private boolean childEnded(int pos, String childId, String key) {
    Optional<SignalRecord> s = x.store.pendingSignal(x.run.key(), key);
    if (s.isPresent()) {
      x.receive(pos, s.get(), key);
      return true;
    }
    Optional<RunRecord> child = x.store.find(childId);
    if (child.isEmpty()) {
      throw new IllegalStateException("child run '" + childId + "' does not exist");
    }
    RunRecord c = child.get();
    if (c.status().isTerminal()) {
      ObjectNode e = Json.object();
      e.put("name", key);
      e.set("payload", Children.envelope(c.status(), x.engine.json(c.progress().result()),
          c.progress().failure()));
      x.append(EntryKind.SIGNAL_RECEIVED, pos, e);
      x.commitProgress(false);
      return true;
    }
    boolean stuck = c.status() == RunStatus.PENDING || c.status() == RunStatus.RUNNING
        && (!c.lease().isHeld() || c.lease().untilMillis() < x.now());
    if (stuck && !x.engine.executing(childId)) {
      x.runtime.resumeLater(childId);
    }
    return false;
  }
}
