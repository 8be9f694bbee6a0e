package dev.weft;

/**
 * The store cannot be used: the file is not a Weft database, it is corrupt, it was written by a
 * newer Weft, or the database reported an error.
 */
public class StoreException extends WeftException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
