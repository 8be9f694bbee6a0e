package dev.weft.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.internal.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The argument hashes recorded with commands and compared on replay. */
final class Hashes {
  private Hashes() {}

  /** The first 8 bytes of the SHA-256 of the value's JSON, in hex. */
  static String of(JsonNode value) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(Json.bytes(value));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
