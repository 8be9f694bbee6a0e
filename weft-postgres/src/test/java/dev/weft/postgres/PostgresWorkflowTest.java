package dev.weft.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.RunStatus;
import dev.weft.Weft;
import dev.weft.workflow.Activity;
import dev.weft.workflow.StartOptions;
import dev.weft.workflow.Workflow;
import dev.weft.workflow.WorkflowHandle;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Workflows run on PostgreSQL through the same store SPI: activities, signals, replay. */
class PostgresWorkflowTest {
  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @Test
  void aWorkflowWaitsForASignalAndReplaysWithoutRepeatingItsActivity() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Activity<String, String> upper = Activity.of("upper", String.class, (s, inv) -> {
      calls.incrementAndGet();
      return s.toUpperCase(java.util.Locale.ROOT);
    });
    Workflow<String, String> wf = Workflow.builder("pg-flow", String.class, String.class)
        .build((in, ctx) -> {
          String u = ctx.activity(upper, in);
          ctx.state().set("upper", u);
          return u + " " + ctx.awaitSignal("go", String.class);
        });
    try (Weft weft = Weft.open(db.newSchema())) {
      WorkflowHandle<String> h = weft.workflows().start(wf, "hi", StartOptions.id("p1"));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (h.status() != RunStatus.WAITING && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals("HI", h.query("upper", String.class));
      h.signal("go", "there");
      assertEquals("HI there", h.result(Duration.ofSeconds(30)));
      assertEquals(1, calls.get());
      assertTrue(weft.inspector().verify("p1").intact());
    }
  }
}
