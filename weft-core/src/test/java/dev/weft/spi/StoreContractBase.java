package dev.weft.spi;

import static dev.weft.spi.StoreFixtures.T0;
import static dev.weft.spi.StoreFixtures.newRun;
import static dev.weft.spi.StoreFixtures.show;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The fresh store each contract test works on, and the helpers the contract classes share.
 * Backends extend {@link StoreContract}, not this class.
 */
public abstract class StoreContractBase {
  /** The lease length the tests claim for. */
  protected static final long LEASE = 1_000;

  /** The store under test: fresh and empty for every test, closed after it. */
  protected Store store;

  /** A fresh, empty store. Called once per test; the test closes it. */
  protected abstract Store newStore();

  @BeforeEach
  final void openStore() {
    store = newStore();
  }

  @AfterEach
  final void closeStore() {
    store.close();
  }

  /** A new run of definition "def" created at T0, not held. */
  protected final RunRecord created(String runId) {
    return store.create(newRun(runId)).run();
  }

  /** A new run created at T0 and claimed by {@code owner} at T0 (epoch 1, until T0 + LEASE). */
  protected final RunRecord held(String runId, String owner) {
    created(runId);
    return granted(store.claim(new Claim.Request(runId, owner, T0, T0 + LEASE, null))).run();
  }

  protected final RunRecord reload(RunRecord run) {
    return store.find(run.runId()).orElseThrow();
  }

  protected static Claim.Granted granted(Claim claim) {
    return assertInstanceOf(Claim.Granted.class, claim);
  }

  /** Everything the store holds for one run, comparable with {@code equals}. */
  protected record Snapshot(String run, List<String> journal, List<AttemptRecord> attempts,
      List<ToolCallRow> toolCalls, Store.RunStats stats) {}

  protected final Snapshot snapshot(RunRecord run) {
    long key = run.key();
    return new Snapshot(show(reload(run)), show(store.journal(key, 0, 10_000)),
        store.attempts(key, 0, 10_000), store.toolCalls(key, 0, 10_000), store.stats(key));
  }
}
