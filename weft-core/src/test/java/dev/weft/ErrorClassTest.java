package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ErrorClassTest {
  @Test
  void stepExceptionsCarryTheirOwnClass() {
    assertEquals(ErrorClass.TRANSIENT, ErrorClass.of(StepException.transientError("x")));
    assertEquals(ErrorClass.VALIDATION, ErrorClass.of(StepException.validation("x")));
    assertEquals(ErrorClass.BUSINESS, ErrorClass.of(StepException.business("x")));
    assertEquals(ErrorClass.PERMISSION, ErrorClass.of(StepException.permission("x")));
    assertEquals(ErrorClass.UNKNOWN,
        ErrorClass.of(new StepException(ErrorClass.UNKNOWN, "x", new IOException())));
  }

  @Test
  void anyExceptionCanClassifyItselfThroughClassified() {
    class Throttled extends RuntimeException implements ErrorClass.Classified {
      @Override
      public ErrorClass errorClass() {
        return ErrorClass.TRANSIENT;
      }
    }
    assertEquals(ErrorClass.TRANSIENT, ErrorClass.of(new Throttled()));
  }

  @Test
  void ioErrorsAndTimeoutsAreTransient() {
    assertEquals(ErrorClass.TRANSIENT, ErrorClass.of(new IOException("reset")));
    assertEquals(ErrorClass.TRANSIENT, ErrorClass.of(new FileNotFoundException("gone")));
    assertEquals(ErrorClass.TRANSIENT,
        ErrorClass.of(new UncheckedIOException(new IOException("reset"))));
    assertEquals(ErrorClass.TRANSIENT, ErrorClass.of(new TimeoutException()));
  }

  @Test
  void illegalArgumentsAreValidationAndSecurityErrorsArePermission() {
    assertEquals(ErrorClass.VALIDATION, ErrorClass.of(new IllegalArgumentException()));
    assertEquals(ErrorClass.VALIDATION, ErrorClass.of(new NumberFormatException()));
    assertEquals(ErrorClass.PERMISSION, ErrorClass.of(new SecurityException()));
  }

  @Test
  void everythingElseIsUnknown() {
    assertEquals(ErrorClass.UNKNOWN, ErrorClass.of(new IllegalStateException()));
    assertEquals(ErrorClass.UNKNOWN, ErrorClass.of(new NullPointerException()));
    assertEquals(ErrorClass.UNKNOWN, ErrorClass.of(new Exception()));
    assertEquals(ErrorClass.UNKNOWN, ErrorClass.of(new AssertionError()));
  }

  @Test
  void aFailureRecordsClassTypeAndMessage() {
    Failure f = Failure.of(new IOException("connection reset"));
    assertEquals(new Failure(ErrorClass.TRANSIENT, "java.io.IOException", "connection reset"), f);
    assertEquals("NullPointerException", Failure.of(new NullPointerException()).message(),
        "a missing message falls back to the type's simple name");
  }

  @Test
  void classesParseCaseInsensitivelyAndUnknownNamesAreRefused() {
    assertEquals(ErrorClass.PERMISSION, ErrorClass.parse(" permission "));
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> ErrorClass.parse("fatal"));
    assertTrue(e.getMessage().contains("'fatal'"), e.getMessage());
  }

  @Test
  void weftsOwnInvalidInputInsideAStepIsAValidationError() {
    assertEquals(ErrorClass.VALIDATION,
        ErrorClass.of(new InvalidInputException("unknown tool 'x'")));
    assertEquals(ErrorClass.VALIDATION, ErrorClass.of(new RunNotFoundException("r")));
  }
}
