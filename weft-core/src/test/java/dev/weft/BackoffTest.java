package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final SplittableRandom random = new SplittableRandom(1);

  @Test
  void withoutJitterEachRetryWaitsInitialTimesMultiplierToTheRetryMinusOne() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMinutes(1), 3.0, 0);
    assertEquals(Duration.ofMillis(100), b.delay(1, random));
    assertEquals(Duration.ofMillis(300), b.delay(2, random));
    assertEquals(Duration.ofMillis(900), b.delay(3, random));
    assertEquals(Duration.ofMillis(2700), b.delay(4, random));
  }

  @Test
  void delaysAreCappedAtMaxEvenForHugeRetryNumbers() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2.0, 0);
    assertEquals(Duration.ofSeconds(5), b.delay(7, random));
    assertEquals(Duration.ofSeconds(5), b.delay(10_000, random));
    Backoff jittered = b.withJitter(0.5);
    for (int i = 0; i < 1000; i++) {
      assertTrue(jittered.delay(10_000, random).compareTo(Duration.ofSeconds(5)) <= 0);
    }
  }

  @Test
  void jitterSpreadsEachDelayWithinItsFractionBothWays() {
    Backoff b = Backoff.defaults();
    for (int retry = 1; retry <= 5; retry++) {
      double base = 200 * Math.pow(2, retry - 1);
      double lowest = Double.MAX_VALUE;
      double highest = 0;
      for (int i = 0; i < 2000; i++) {
        double ms = b.delay(retry, random).toNanos() / 1e6;
        assertTrue(ms >= base * 0.8 && ms <= base * 1.2, retry + ": " + ms);
        lowest = Math.min(lowest, ms);
        highest = Math.max(highest, ms);
      }
      assertTrue(lowest < base * 0.85 && highest > base * 1.15,
          "jitter uses the whole band: " + lowest + ".." + highest + " around " + base);
    }
  }

  @Test
  void theSameSeedGivesTheSameDelays() {
    Backoff b = Backoff.defaults();
    SplittableRandom one = new SplittableRandom(99);
    SplittableRandom two = new SplittableRandom(99);
    for (int retry = 1; retry <= 6; retry++) {
      assertEquals(b.delay(retry, one), b.delay(retry, two));
    }
  }

  @Test
  void noneAndFixedAreWhatTheySay() {
    assertEquals(Duration.ZERO, Backoff.none().delay(3, random));
    assertEquals(Duration.ofSeconds(2), Backoff.fixed(Duration.ofSeconds(2)).delay(1, random));
    assertEquals(Duration.ofSeconds(2), Backoff.fixed(Duration.ofSeconds(2)).delay(9, random));
  }

  @Test
  void raisingInitialAboveMaxRaisesMaxWithIt() {
    Backoff b = Backoff.defaults().withInitial(Duration.ofMinutes(2));
    assertEquals(Duration.ofMinutes(2), b.initial());
    assertEquals(Duration.ofMinutes(2), b.max());
  }

  @Test
  void retryNumbersStartAtOne() {
    assertThrows(IllegalArgumentException.class, () -> Backoff.defaults().delay(0, random));
  }

  @Test
  void invalidSettingsAreRefusedNamingTheValue() {
    InvalidInputException negative = assertThrows(InvalidInputException.class,
        () -> new Backoff(Duration.ofMillis(-1), Duration.ofSeconds(1), 2, 0));
    assertTrue(negative.getMessage().contains("negative"), negative.getMessage());
    InvalidInputException below = assertThrows(InvalidInputException.class,
        () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0));
    assertTrue(below.getMessage().contains("below initial"), below.getMessage());
    assertThrows(InvalidInputException.class, () -> Backoff.defaults().withMultiplier(0.5));
    assertThrows(InvalidInputException.class,
        () -> Backoff.defaults().withMultiplier(Double.NaN));
    InvalidInputException jitter = assertThrows(InvalidInputException.class,
        () -> Backoff.defaults().withJitter(1.5));
    assertTrue(jitter.getMessage().contains("1.5"), jitter.getMessage());
    assertThrows(InvalidInputException.class, () -> Backoff.defaults().withJitter(-0.1));
  }
}
