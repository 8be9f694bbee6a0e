package dev.weft;

import java.util.Objects;

/**
 * A recorded failure: its class, the exception type that caused it (or a short tag) and its
 * message. This is what the journal, attempts and {@code get} show.
 */
public record Failure(ErrorClass errorClass, String type, String message) {
  public Failure {
    Objects.requireNonNull(errorClass, "errorClass");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(message, "message");
  }

  public static Failure of(Throwable error) {
    String message = error.getMessage() == null ? error.getClass().getSimpleName()
        : error.getMessage();
    return new Failure(ErrorClass.of(error), error.getClass().getName(), message);
  }

  public static Failure of(ErrorClass errorClass, String message) {
    return new Failure(errorClass, "weft", message);
  }

  @Override
  public String toString() {
    return errorClass + " " + type + ": " + message;
  }
}
