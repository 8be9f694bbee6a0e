package dev.weft.internal;

import dev.weft.InvalidInputException;

/** Checks of the short texts people give runs and snapshots: ids, names, tags. */
public final class Labels {
  private Labels() {}

  /**
   * Refuses a blank {@code value}, one longer than {@code max} characters, or one with control
   * characters; {@code what} names it in the message ("run id", "snapshot name", "tag").
   */
  public static String check(String what, String value, int max) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(what + " must not be blank");
    }
    if (value.length() > max) {
      throw new InvalidInputException(what + " is " + value.length() + " characters; at most "
          + max + " are allowed");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new InvalidInputException(what + " must not contain control characters");
      }
    }
    return value;
  }
}
