package dev.weft.internal;

import dev.weft.spi.AttemptRecord;
import dev.weft.spi.Blob;
import dev.weft.spi.ChainHead;
import dev.weft.spi.Commit;
import dev.weft.spi.EntryKind;
import dev.weft.spi.JournalRecord;
import dev.weft.spi.LeaseState;
import dev.weft.spi.Payload;
import dev.weft.spi.RunRecord;
import dev.weft.spi.RunUpdate;
import dev.weft.spi.Store;
import dev.weft.spi.ToolCallRow;
import dev.weft.spi.Wakeup;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds commits for one run: appends hash-chained journal entries, moves large payloads to
 * blobs, and collects attempt and tool call rows until {@link #commit} writes them all at once.
 * It tracks the chain head and journal length, so it must be the only writer of its run (which
 * the lease guarantees).
 */
public final class RunWriter {
  private final Store store;
  private final HashChain chain;
  private final int inlineLimit;
  private final long runKey;
  private final String runId;
  private final long epoch;
  private long count;
  private byte[] head;
  private long pendingFrom;
  private byte[] committedHead;
  private final List<JournalRecord> entries = new ArrayList<>();
  private final List<AttemptRecord> attempts = new ArrayList<>();
  private final List<ToolCallRow> toolCalls = new ArrayList<>();
  private final List<Blob> blobs = new ArrayList<>();
  private @Nullable Wakeup wakeup;
  private RunRecord record;

  public RunWriter(Store store, HashChain chain, int inlineLimit, RunRecord run) {
    this.store = store;
    this.chain = chain;
    this.inlineLimit = inlineLimit;
    this.runKey = run.key();
    this.runId = run.runId();
    this.epoch = run.lease().epoch();
    this.count = run.chain().count();
    this.head = run.chain().hash();
    this.pendingFrom = count;
    this.committedHead = head;
    this.record = run;
  }

  /** The run as the store holds it after this writer's last commit. */
  public RunRecord record() {
    return record;
  }

  public String runId() {
    return runId;
  }

  public long epoch() {
    return epoch;
  }

  /** The journal position the next entry will get. */
  public long nextSeq() {
    return count + 1;
  }

  /** Appends an entry to the pending commit and returns its journal position. */
  public long append(EntryKind kind, long step, long atMillis, byte[] payload) {
    return append(kind, step, atMillis, null, payload);
  }

  /** Appends an entry that also records the attempt it was made by. */
  public long append(EntryKind kind, long step, long atMillis,
      JournalRecord.@Nullable Stamp attempt, byte[] payload) {
    long seq = count + 1;
    byte[] link = chain.link(head, runId, seq, kind, step, atMillis, attempt,
        HashChain.digest(payload));
    entries.add(new JournalRecord(seq, kind, step, atMillis, payload(payload),
        HashChain.stored(link), attempt));
    head = link;
    count = seq;
    return seq;
  }

  /** The bytes as a payload: inline up to the inline limit, otherwise a blob. */
  public Payload payload(byte[] bytes) {
    return payload(bytes, inlineLimit, blobs);
  }

  /** The shared inline-or-blob decision, for writers that are not a RunWriter. */
  public static Payload payload(byte[] bytes, int inlineLimit, List<Blob> blobs) {
    if (bytes.length <= inlineLimit) {
      return Payload.inline(bytes);
    }
    String hash = HashChain.hex(HashChain.digest(bytes));
    if (blobs.stream().noneMatch(b -> b.hash().equals(hash))) {
      blobs.add(new Blob(hash, bytes));
    }
    return new Payload.BlobRef(hash, bytes.length);
  }

  public void attempt(AttemptRecord record) {
    attempts.add(record);
  }

  public void toolCall(ToolCallRow row) {
    toolCalls.add(row);
  }

  /** Makes the pending commit the one that wakes the run (see {@link Wakeup}). */
  public void wakeup(Wakeup value) {
    wakeup = value;
  }

  public boolean hasPending() {
    return !entries.isEmpty() || !attempts.isEmpty() || !toolCalls.isEmpty() || wakeup != null;
  }

  /** Writes everything pending with the run's new columns, atomically. */
  public void commit(RunUpdate update, boolean flush) {
    Commit commit = new Commit(runKey, runId, epoch, pendingFrom, entries,
        new ChainHead(count, head, chain.isKeyed()), update, attempts, toolCalls, blobs, flush,
        wakeup);
    try {
      store.commit(commit);
    } catch (RuntimeException e) {
      // Nothing was written: roll back to what the store holds, so a caller that handles the
      // failure does not chain onto entries that do not exist.
      count = pendingFrom;
      head = committedHead;
      clearPending();
      throw e;
    }
    record = applied(record, commit);
    committedHead = head;
    pendingFrom = count;
    clearPending();
  }

  /** What a successful commit made of the stored run; mirrors the store's column updates. */
  private static RunRecord applied(RunRecord r, Commit c) {
    RunUpdate u = c.update();
    RunRecord.Progress p = r.progress();
    Payload state = u.state() != null ? u.state() : p.state();
    Long woken = c.wakeup() != null ? Long.valueOf(c.wakeup().entrySeq()) : p.wokenSeq();
    RunRecord.Progress progress = u.progressOnly()
        ? new RunRecord.Progress(u.steps(), state, p.result(), p.failure(), p.detail(),
            p.waiting(), woken)
        : new RunRecord.Progress(u.steps(), state, u.result(), u.failure(), u.detail(),
            u.waiting(), woken);
    long updated = c.entries().isEmpty() ? r.updatedMillis()
        : Math.max(r.updatedMillis(), c.entries().get(c.entries().size() - 1).atMillis());
    return new RunRecord(r.key(), r.runId(), r.header(),
        u.progressOnly() ? r.status() : u.status(), progress,
        u.releaseLease() ? LeaseState.free(r.lease().epoch()) : r.lease(), c.chain(), updated);
  }

  private void clearPending() {
    entries.clear();
    attempts.clear();
    toolCalls.clear();
    blobs.clear();
    wakeup = null;
  }
}
