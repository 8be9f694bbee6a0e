package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class CheckpointPolicyTest {
  private static List<Long> kept(CheckpointPolicy p, long steps) {
    return LongStream.range(0, steps).filter(p::keepsState).boxed().toList();
  }

  @Test
  void fullKeepsEveryStateAndEveryAttempt() {
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L), kept(CheckpointPolicy.full(), 5));
    assertTrue(CheckpointPolicy.full().recordsEveryAttempt());
  }

  @Test
  void intervalKeepsStepZeroAndEveryNthAndEveryAttempt() {
    assertEquals(List.of(0L, 3L, 6L, 9L), kept(CheckpointPolicy.interval(3), 11));
    assertEquals(List.of(0L, 1L, 2L), kept(CheckpointPolicy.interval(1), 3));
    assertTrue(CheckpointPolicy.interval(3).recordsEveryAttempt());
  }

  @Test
  void compactKeepsEveryStateButOnlyFailedAndRetriedAttempts() {
    assertEquals(List.of(0L, 1L, 2L), kept(CheckpointPolicy.compact(), 3));
    assertFalse(CheckpointPolicy.compact().recordsEveryAttempt());
  }

  @Test
  void policiesParseAndDescribeThemselves() {
    assertEquals(CheckpointPolicy.full(), CheckpointPolicy.parse("FULL", 0));
    assertEquals(CheckpointPolicy.compact(), CheckpointPolicy.parse(" compact ", 0));
    assertEquals(CheckpointPolicy.interval(7), CheckpointPolicy.parse("interval", 7));
    assertEquals("interval(7)", CheckpointPolicy.interval(7).describe());
    assertEquals("full", CheckpointPolicy.full().describe());
    assertEquals("compact", CheckpointPolicy.compact().describe());
  }

  @Test
  void badPoliciesAreRefusedNamingTheValue() {
    InvalidInputException zero = assertThrows(InvalidInputException.class,
        () -> CheckpointPolicy.interval(0));
    assertTrue(zero.getMessage().contains("0"), zero.getMessage());
    InvalidInputException name = assertThrows(InvalidInputException.class,
        () -> CheckpointPolicy.parse("sometimes", 1));
    assertTrue(name.getMessage().contains("'sometimes'"), name.getMessage());
    assertThrows(InvalidInputException.class, () -> CheckpointPolicy.parse("interval", 0));
  }
}
