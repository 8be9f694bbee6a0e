package dev.weft.examples;

import dev.weft.workflow.Activity;
import dev.weft.workflow.ActivityOptions;
import dev.weft.workflow.Workflow;
import dev.weft.workflow.WorkflowContext;
import java.time.Duration;
import java.util.List;

/**
 * {@code order}: the order workflow of loom-core's README, in Weft. Charges the order (three
 * attempts, 30 s timeout per attempt), records the outcome in the run's state, and sends the
 * confirmation email if the payment went through. A crash between the two never charges twice.
 *
 * <pre>
 * weft run order --run-id ord-1 --input '{"orderId": "ORD-12345", "customerEmail": "c@example.com"}'
 * weft history --run-id ord-1
 * </pre>
 */
public final class Order implements Workflow<Order.Input, Order.Result> {
  /** The order. */
  public record Input(String orderId, String customerEmail) {}

  /** What happened. */
  public record Result(boolean paymentConfirmed, boolean emailSent) {}

  /** The confirmation to send. */
  public record Email(String to, String orderId) {}

  static final Activity<String, Boolean> PROCESS_PAYMENT = Activity.of("process_payment",
      Boolean.class, ActivityOptions.defaults().withMaxAttempts(3)
          .withTimeout(Duration.ofSeconds(30)),
      (orderId, inv) -> true); // call the payment API here, passing inv.idempotencyKey()

  static final Activity<Email, Boolean> SEND_EMAIL = Activity.of("send_email", Boolean.class,
      ActivityOptions.defaults().withMaxAttempts(2), (email, inv) -> true);

  @Override
  public String name() {
    return "order";
  }

  @Override
  public List<StepInfo> steps() {
    return List.of(new StepInfo("process_payment", "is processing your payment"),
        new StepInfo("send_email", "is sending your confirmation"));
  }

  @Override
  public Result run(Input in, WorkflowContext ctx) {
    boolean paid = ctx.activity(PROCESS_PAYMENT, in.orderId());
    ctx.state().set("payment_confirmed", paid);
    ctx.logger().info("Payment processed: " + paid);
    boolean sent = false;
    if (paid) {
      sent = ctx.activity(SEND_EMAIL, new Email(in.customerEmail(), in.orderId()));
      ctx.state().set("email_sent", sent);
      ctx.logger().info("Confirmation email sent");
    }
    return new Result(paid, sent);
  }
}
