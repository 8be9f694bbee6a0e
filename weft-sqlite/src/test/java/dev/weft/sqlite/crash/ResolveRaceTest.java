package dev.weft.sqlite.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.weft.IllegalRunStateException;
import dev.weft.Resolution;
import dev.weft.RunInfo;
import dev.weft.RunOptions;
import dev.weft.RunStatus;
import dev.weft.Weft;
import dev.weft.spi.Store;
import dev.weft.spi.StoreOptions;
import dev.weft.sqlite.SqliteStoreProvider;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two operators settle the same in-doubt call at once, from two Weft instances on one SQLite
 * file. The interleaving is pinned: the second operator's checks pass, and just before it claims
 * the run, the first settles the call and the run runs to completion.
 */
class ResolveRaceTest {
  private static final String RUN = "charge";
  private static final String FILE = "charges.txt";
  private static final int COUNT = 4;

  @TempDir Path dir;

  @Test
  void anOperatorOvertakenByAnotherIsRefusedAndChangesNothing() throws Exception {
    ChargeLoop loop = new ChargeLoop(ChargeLoop.Variant.FULL, dir, ChargeLoop.Pacing.none());
    try (Weft weft = Weft.open(url())) {
      weft.run(loop, RUN, new ChargeLoop.Input(FILE, COUNT),
          RunOptions.defaults().withMaxSteps(1));
    }
    // An in-doubt call: a child is killed while its effect waits at the gate.
    try (Child holder = Child.start(List.of("db=" + dir.resolve("weft.db"), "run=" + RUN,
        "variant=FULL", "base=" + dir, "mode=resume", "gate=true"))) {
      assertTrue(holder.await("GATED").isPresent(), holder.output());
      assertEquals(Child.SIGKILLED, holder.kill());
    }
    Store store = SqliteStoreProvider.open(dir.resolve("weft.db"), StoreOptions.defaults());
    try (Weft first = Weft.open(url()).register(loop);
        Weft second = Weft.builder().store(beforeFirstClaim(store, () -> {
          first.resolve(RUN, "s1.c0", Resolution.retry());
          first.resume(RUN);
        })).build()) {
      assertEquals(RunStatus.NEEDS_ATTENTION, first.resume(RUN).status());
      IllegalRunStateException e = assertThrows(IllegalRunStateException.class,
          () -> second.resolve(RUN, "s1.c0", Resolution.result(IntNode.valueOf(1))));
      assertEquals(RunStatus.COMPLETED, e.status(), e.getMessage());
      RunInfo r = first.get(RUN);
      assertEquals(RunStatus.COMPLETED, r.status());
      assertEquals(COUNT, r.result(Integer.class));
      assertEquals(1, Journals.ofKind(Journals.history(first, RUN), "CALL_RESOLVED").size());
      assertTrue(first.inspector().verify(RUN).intact());
    }
    assertEquals(IntStream.range(0, COUNT).mapToObj(ChargeLoop::line).toList(),
        ChargeLoop.lines(dir.resolve(FILE)));
  }

  /** The store, running {@code action} once just before its first claim. */
  private static Store beforeFirstClaim(Store store, Runnable action) {
    AtomicBoolean done = new AtomicBoolean();
    return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(),
        new Class<?>[] {Store.class}, (proxy, method, args) -> {
          if (method.getName().equals("claim") && done.compareAndSet(false, true)) {
            action.run();
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private String url() {
    return "sqlite:" + dir.resolve("weft.db");
  }
}
