package dev.weft;

/**
 * Root of every exception Weft throws. Messages name what was wrong, with the offending value,
 * and what to do about it.
 */
public class WeftException extends RuntimeException {
  public WeftException(String message) {
    super(message);
  }

  public WeftException(String message, Throwable cause) {
    super(message, cause);
  }
}
