package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.examples.Order;
import dev.weft.examples.Quiz;
import dev.weft.internal.Json;
import dev.weft.workflow.NonDeterminismException;
import dev.weft.workflow.Replayer;
import dev.weft.workflow.Workflow;
import dev.weft.workflow.WorkflowContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Histories of real runs of the examples, exported with {@code weft history --export} and
 * checked in (src/test/resources/histories): the examples' current code must still replay them.
 * A change to an example that breaks its runs in flight fails here before it ships.
 */
class ExampleHistoriesTest {
  private static JsonNode history(String name) throws IOException {
    try (InputStream in = ExampleHistoriesTest.class.getResourceAsStream("/histories/" + name)) {
      return Json.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
          name);
    }
  }

  @Test
  void theOrderExampleStillReplaysItsRecordedRun() throws Exception {
    Replayer.replay(new Order(), history("order.json"));
  }

  @Test
  void theQuizExampleStillReplaysARunWaitingForItsSubmissions() throws Exception {
    Replayer.replay(new Quiz(), history("quiz-waiting.json"));
  }

  @Test
  void anOrderCodeThatSkipsThePaymentIsCaughtAtPositionZero() throws Exception {
    Workflow<Order.Input, Order.Result> changed = new Workflow<>() {
      @Override
      public String name() {
        return "order";
      }

      @Override
      public Order.Result run(Order.Input in, WorkflowContext ctx) {
        ctx.state().set("payment_confirmed", true);
        return new Order.Result(true, false);
      }
    };
    Optional<NonDeterminismException> e = Replayer.check(changed, history("order.json"));
    assertTrue(e.isPresent());
    assertEquals(0, e.get().position());
    assertTrue(e.get().recorded().startsWith("activity 'process_payment'"), e.get().recorded());
  }
}
