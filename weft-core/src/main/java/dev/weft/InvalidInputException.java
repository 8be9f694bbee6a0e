package dev.weft;

/**
 * Input that Weft refuses before writing anything: malformed JSON, a value that cannot be
 * serialized, an unknown definition, an illegal option. Nothing was written when this is thrown.
 */
public class InvalidInputException extends WeftException {
  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
