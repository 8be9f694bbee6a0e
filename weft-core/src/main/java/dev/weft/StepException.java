package dev.weft;

/**
 * An exception user code throws to say which {@link ErrorClass} a failure belongs to, so the
 * retry policy can decide whether to retry.
 */
public class StepException extends RuntimeException implements ErrorClass.Classified {
  private final ErrorClass errorClass;

  public StepException(ErrorClass errorClass, String message) {
    super(message);
    this.errorClass = errorClass;
  }

  public StepException(ErrorClass errorClass, String message, Throwable cause) {
    super(message, cause);
    this.errorClass = errorClass;
  }

  public static StepException transientError(String message) {
    return new StepException(ErrorClass.TRANSIENT, message);
  }

  public static StepException validation(String message) {
    return new StepException(ErrorClass.VALIDATION, message);
  }

  public static StepException business(String message) {
    return new StepException(ErrorClass.BUSINESS, message);
  }

  public static StepException permission(String message) {
    return new StepException(ErrorClass.PERMISSION, message);
  }

  @Override
  public ErrorClass errorClass() {
    return errorClass;
  }
}
