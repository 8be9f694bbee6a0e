package dev.weft.internal;

import dev.weft.InvalidInputException;
import dev.weft.Verification;
import dev.weft.spi.EntryKind;
import dev.weft.spi.JournalRecord;
import dev.weft.spi.Payload;
import dev.weft.spi.RunRecord;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Recomputes a run's hash chain from its stored entries and compares every link, the entry
 * count and the head on the run row. Reads the journal a page at a time.
 */
public final class Verifier {
  private static final int PAGE = 1000;
  private final Engine engine;

  public Verifier(Engine engine) {
    this.engine = engine;
  }

  public Verification verify(RunRecord run) {
    boolean keyed = run.chain().keyed();
    if (keyed && !engine.chain().isKeyed()) {
      throw new InvalidInputException("run '" + run.runId() + "' has a keyed (HMAC) journal;"
          + " supply the secret key (--key-file, or WEFT_SECRET_KEY) to verify it");
    }
    if (!keyed && engine.chain().isKeyed()) {
      // The "keyed" flag is not covered by the chain: anyone who can recompute a plain chain
      // can also clear it, so a Weft holding the key must not call a plain chain intact.
      return bad(run, null, "the journal is not keyed although a secret key is configured: it"
          + " was written without the key, or rewritten with plain SHA-256 to get around it;"
          + " only a run written before the key was introduced may be verified without it");
    }
    HashChain chain = keyed ? engine.chain() : HashChain.plain();
    byte[] head = HashChain.genesis();
    long expected = 0;
    byte[] lastState = null;
    long lastStateStep = -1;
    byte[] completed = null;
    while (true) {
      List<JournalRecord> page = engine.store().journal(run.key(), expected, PAGE);
      for (JournalRecord e : page) {
        expected++;
        if (e.seq() != expected) {
          return bad(run, expected, "entry " + expected + " is missing (the next stored entry is "
              + e.seq() + ")");
        }
        Optional<byte[]> bytes = bytes(e.payload());
        if (bytes.isEmpty()) {
          return bad(run, expected, "entry " + expected + " (" + e.kind() + ", step " + e.step()
              + ") refers to blob " + ((Payload.BlobRef) e.payload()).hash()
              + ", which is missing or does not match its hash");
        }
        byte[] link = chain.link(head, run.runId(), e.seq(), e.kind(), e.step(), e.atMillis(),
            e.attempt(), HashChain.digest(bytes.get()));
        if (!MessageDigest.isEqual(HashChain.stored(link), e.hash())) {
          return bad(run, expected, "entry " + expected + " (" + e.kind() + ", step " + e.step()
              + ") does not match its hash: it was changed, moved or inserted");
        }
        head = link;
        if (e.kind() == EntryKind.STEP_COMMITTED && bytes.get().length > 0) {
          lastState = bytes.get();
          lastStateStep = e.step();
        } else if (e.kind() == EntryKind.RUN_COMPLETED) {
          completed = bytes.get();
        }
      }
      if (page.size() < PAGE) {
        break;
      }
    }
    if (expected != run.chain().count()) {
      return expected < run.chain().count()
          ? bad(run, expected + 1, "the journal ends after entry " + expected + " but the run"
              + " records " + run.chain().count() + " entries: its tail was removed")
          : bad(run, run.chain().count() + 1, "the journal has " + expected + " entries but the"
              + " run records " + run.chain().count() + ": entries were appended outside Weft");
    }
    if (!MessageDigest.isEqual(head, run.chain().hash())) {
      return bad(run, expected, "the last entry's link does not match the head on the run row");
    }
    if (lastState != null && lastStateStep + 1 == run.progress().steps()
        && run.progress().state() != null
        && !Arrays.equals(lastState, engine.bytes(run.progress().state()))) {
      return bad(run, null, "the run's current state differs from the state journaled after"
          + " step " + lastStateStep);
    }
    if (completed != null && run.progress().result() != null
        && !Arrays.equals(completed, engine.bytes(run.progress().result()))) {
      return bad(run, null, "the run's result differs from the journaled result");
    }
    return new Verification(run.runId(), true, expected, null, "intact", keyed);
  }

  private Optional<byte[]> bytes(Payload p) {
    return switch (p) {
      case Payload.Inline i -> Optional.of(i.bytes());
      case Payload.BlobRef b -> engine.store().blob(b.hash())
          .filter(data -> HashChain.hex(HashChain.digest(data)).equals(b.hash()));
    };
  }

  private static Verification bad(RunRecord run, Long seq, String problem) {
    return new Verification(run.runId(), false, run.chain().count(), seq, problem,
        run.chain().keyed());
  }
}
