package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void byDefaultOnlyTransientErrorsAreRetriedUpToThreeAttempts() {
    RetryPolicy p = RetryPolicy.defaults();
    assertTrue(p.shouldRetry(ErrorClass.TRANSIENT, 1));
    assertTrue(p.shouldRetry(ErrorClass.TRANSIENT, 2));
    assertFalse(p.shouldRetry(ErrorClass.TRANSIENT, 3), "the third failure is the last");
    for (ErrorClass c : EnumSet.complementOf(EnumSet.of(ErrorClass.TRANSIENT))) {
      assertFalse(p.shouldRetry(c, 1), c.name());
    }
    assertEquals(Backoff.defaults(), p.backoff());
  }

  @Test
  void neverRetriesAnything() {
    for (ErrorClass c : ErrorClass.values()) {
      assertFalse(RetryPolicy.never().shouldRetry(c, 1), c.name());
    }
  }

  @Test
  void theRetryableClassesAndMaxAttemptsCanBeReplaced() {
    RetryPolicy p = RetryPolicy.defaults().withMaxAttempts(5)
        .withRetryable(ErrorClass.VALIDATION, ErrorClass.UNKNOWN);
    assertTrue(p.shouldRetry(ErrorClass.VALIDATION, 4));
    assertFalse(p.shouldRetry(ErrorClass.VALIDATION, 5));
    assertTrue(p.shouldRetry(ErrorClass.UNKNOWN, 1));
    assertFalse(p.shouldRetry(ErrorClass.TRANSIENT, 1), "replaced, not added to");
    assertEquals(RetryPolicy.defaults().backoff(), p.backoff());
  }

  @Test
  void itIsImmutableEvenWhenBuiltFromAMutableSet() {
    Set<ErrorClass> classes = EnumSet.of(ErrorClass.TRANSIENT);
    RetryPolicy p = new RetryPolicy(3, Backoff.none(), classes);
    classes.add(ErrorClass.BUSINESS);
    assertFalse(p.shouldRetry(ErrorClass.BUSINESS, 1));
    assertThrows(UnsupportedOperationException.class,
        () -> p.retryable().add(ErrorClass.BUSINESS));
    assertEquals(Set.of(), new RetryPolicy(1, Backoff.none(), Set.of()).retryable());
  }

  @Test
  void maxAttemptsBelowOneIsRefused() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> RetryPolicy.defaults().withMaxAttempts(0));
    assertTrue(e.getMessage().contains("0"), e.getMessage());
  }
}
