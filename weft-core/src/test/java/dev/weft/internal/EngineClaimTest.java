package dev.weft.internal;

import static dev.weft.spi.StoreFixtures.newRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ManualClock;
import dev.weft.RunHeldException;
import dev.weft.internal.memory.MemoryStore;
import dev.weft.spi.Claim;
import dev.weft.spi.RunRecord;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One instance never claims a run twice: between a claim (or a creation) and the start of its
 * execution, a second claim from the same instance is refused instead of raising the epoch
 * under the first, whose commits would then all be refused.
 */
class EngineClaimTest {
  private final ManualClock clock = new ManualClock();
  private final MemoryStore store = new MemoryStore();
  private final Engine engine = new Engine(store, clock, new Random(1),
      new Engine.Settings(Duration.ofSeconds(30), 65_536, null));

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void aSecondClaimBeforeTheFirstStartsIsRefusedAndTheFirstKeepsItsEpoch() {
    store.create(newRun("r"));
    Claim.Granted first = engine.claim("r", false);
    RunHeldException e = assertThrows(RunHeldException.class, () -> engine.claim("r", false));
    assertTrue(e.getMessage().contains("this Weft instance"), e.getMessage());
    assertEquals(first.run().lease().epoch(), lease("r").epoch(), "epoch unchanged");
    Engine.Execution x = engine.start(first.run());
    assertThrows(RunHeldException.class, () -> engine.claim("r", false));
    engine.finish(x, true);
    Claim.Granted again = engine.claim("r", false);
    assertEquals(first.run().lease().epoch() + 1, again.run().lease().epoch());
  }

  @Test
  void aCreatedRunIsHeldHereUntilItsExecutionStarts() {
    RunRecord created = engine.create(newRun("c", "def", clock.millis(), engine.ownerId(),
        engine.leaseUntil(clock.millis()))).run();
    assertThrows(RunHeldException.class, () -> engine.claim("c", false));
    assertEquals(1, lease("c").epoch());
    engine.finish(engine.start(created), true);
    assertEquals(2, engine.claim("c", false).run().lease().epoch());
  }

  @Test
  void aClaimWhoseExecutionNeverStartedIsForgottenOnceItsLeaseIsGivenBackOrExpires() {
    store.create(newRun("g"));
    Claim.Granted given = engine.claim("g", false);
    store.release(given.run().key(), engine.ownerId(), given.run().lease().epoch());
    Claim.Granted next = engine.claim("g", false);
    assertEquals(given.run().lease().epoch() + 1, next.run().lease().epoch());
    // Never started and never given back: held here until the lease expires.
    assertThrows(RunHeldException.class, () -> engine.claim("g", false));
    clock.advance(Duration.ofSeconds(31));
    assertEquals(next.run().lease().epoch() + 1, engine.claim("g", false).run().lease().epoch());
  }

  @Test
  void aLeaseGivenBackThroughTheEngineIsForgottenAtOnce() {
    store.create(newRun("b"));
    Claim.Granted given = engine.claim("b", false);
    engine.giveBack(given.run());
    assertEquals(null, lease("b").owner());
    assertEquals(given.run().lease().epoch() + 1, engine.claim("b", false).run().lease().epoch());
  }

  @Test
  void aMarkForARunThatExistedAlreadyIsDropped() {
    store.create(newRun("e"));
    engine.create(newRun("e", "def", clock.millis(), engine.ownerId(),
        engine.leaseUntil(clock.millis())));
    assertEquals(1, engine.claim("e", false).run().lease().epoch());
  }

  private dev.weft.spi.LeaseState lease(String runId) {
    return store.find(runId).orElseThrow().lease();
  }
}
