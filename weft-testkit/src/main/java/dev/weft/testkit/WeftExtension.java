package dev.weft.testkit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test method (or constructor) a fresh {@link TestWeft} parameter, closed after the
 * test.
 *
 * <pre>{@code
 * @ExtendWith(WeftExtension.class)
 * class OrderWorkflowTest {
 *   @Test
 *   void chargesOnce(TestWeft weft) {
 *     var h = weft.start(new OrderWorkflow(), order);
 *     assertEquals(expected, weft.result(h)); // sleeps and timers skipped
 *     weft.journal(h.runId()).hasActivity("charge", 1);
 *   }
 * }
 * }</pre>
 */
public final class WeftExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(WeftExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
    return p.getParameter().getType() == TestWeft.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext c) {
    return c.getStore(NS).getOrComputeIfAbsent(TestWeft.class, k -> new TestWeft(),
        TestWeft.class);
  }

  @Override
  public void afterEach(ExtensionContext c) {
    TestWeft w = c.getStore(NS).remove(TestWeft.class, TestWeft.class);
    if (w != null) {
      w.close();
    }
  }
}
