package dev.weft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;

/**
 * The kinds of failure a retry policy tells apart. Only {@link #TRANSIENT} errors are retried by
 * default; the others fail the run unless the policy says otherwise.
 */
public enum ErrorClass {
  /** Worth retrying: timeouts, I/O errors, a dependency that is briefly down. */
  TRANSIENT,
  /** The input or a value is invalid; retrying the same step will fail the same way. */
  VALIDATION,
  /** A business rule said no (insufficient funds, order cancelled). */
  BUSINESS,
  /** Not allowed: missing credentials or rights. */
  PERMISSION,
  /** Anything not classified otherwise. */
  UNKNOWN;

  /**
   * The default classification: {@link Classified} exceptions say their class; I/O errors and
   * timeouts are transient; {@link IllegalArgumentException} and Weft's own {@link
   * InvalidInputException} (an unknown tool, a bad key) are validation; {@link
   * SecurityException} is permission; everything else is unknown.
   */
  public static ErrorClass of(Throwable error) {
    if (error instanceof Classified c) {
      return c.errorClass();
    }
    if (error instanceof IOException || error instanceof UncheckedIOException
        || error instanceof TimeoutException) {
      return TRANSIENT;
    }
    if (error instanceof IllegalArgumentException
        || error instanceof dev.weft.InvalidInputException) {
      return VALIDATION;
    }
    if (error instanceof SecurityException) {
      return PERMISSION;
    }
    return UNKNOWN;
  }

  public static ErrorClass parse(String text) {
    for (ErrorClass c : values()) {
      if (c.name().equalsIgnoreCase(text.trim())) {
        return c;
      }
    }
    throw new InvalidInputException("unknown error class '" + text + "'");
  }

  /** Implemented by exceptions that know their own error class. */
  public interface Classified {
    ErrorClass errorClass();
  }
}
