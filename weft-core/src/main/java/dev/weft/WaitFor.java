package dev.weft;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a waiting run waits for: a named signal (optionally with a timeout), a duration, a point in
 * time, or a person's answer. A waiting run holds no thread and no lease; it continues when what
 * it waits for arrives, and its next step sees what woke it ({@link StepContext#wake()}).
 */
public sealed interface WaitFor {
  /** The longest wait key (signal name) accepted. */
  int MAX_KEY = 200;

  /** The wait key an {@link AskUser} wait listens on; {@code respond} answers it. */
  String ASK_USER = "ask_user";

  /**
   * A signal named {@code name}, sent with {@code Weft.signal} or {@code weft signal}; if
   * {@code timeout} is set and nothing arrives within it, the run wakes with {@link
   * Wake.TimedOut}.
   */
  record Signal(String name, @Nullable Duration timeout) implements WaitFor {
    public Signal {
      checkKey(name);
      if (timeout != null) {
        checkPositive(timeout, "timeout");
      }
    }
  }

  /** A duration of the run's clock; the run wakes with {@link Wake.TimerFired}. */
  record Sleep(Duration duration) implements WaitFor {
    public Sleep {
      Objects.requireNonNull(duration, "duration");
      if (duration.isNegative()) {
        throw new InvalidInputException("a sleep cannot be negative, got " + duration);
      }
    }
  }

  /** A point in time; the run wakes with {@link Wake.TimerFired} (at once if it has passed). */
  record Until(Instant instant) implements WaitFor {
    public Until {
      Objects.requireNonNull(instant, "instant");
    }
  }

  /**
   * A person's answer to {@code prompt}: a signal on the wait key {@value #ASK_USER}, sent with
   * {@code Weft.respond} or {@code weft respond}. {@code get} and {@code explain} show the prompt.
   */
  record AskUser(String prompt) implements WaitFor {
    public AskUser {
      Objects.requireNonNull(prompt, "prompt");
      if (prompt.isBlank()) {
        throw new InvalidInputException("the prompt of an ask-user wait must not be blank");
      }
    }
  }

  static WaitFor signal(String name) {
    return new Signal(name, null);
  }

  static WaitFor signal(String name, Duration timeout) {
    return new Signal(name, timeout);
  }

  static WaitFor sleep(Duration duration) {
    return new Sleep(duration);
  }

  static WaitFor until(Instant instant) {
    return new Until(instant);
  }

  static WaitFor askUser(String prompt) {
    return new AskUser(prompt);
  }

  /** Checks a wait key (signal name): not blank, at most {@value #MAX_KEY} characters. */
  static String checkKey(String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidInputException("a signal name must not be blank");
    }
    if (name.length() > MAX_KEY) {
      throw new InvalidInputException("signal name is " + name.length()
          + " characters; at most " + MAX_KEY + " are allowed");
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        throw new InvalidInputException("a signal name must not contain control characters");
      }
    }
    return name;
  }

  private static void checkPositive(Duration d, String what) {
    if (d.isNegative() || d.isZero()) {
      throw new InvalidInputException("a wait's " + what + " must be positive, got " + d);
    }
  }
}
