package dev.weft.internal;

import dev.weft.InvalidInputException;
import dev.weft.spi.EntryKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The journal hash chain. Link {@code n} is {@code H(link(n-1) | runId | seq | kind | step | at |
 * SHA-256(payload))}, where H is SHA-256, or HMAC-SHA256 under a secret key. Link 0 is 32 zero
 * bytes. Each entry stores the first {@link #STORED_BYTES} bytes of its link; the run row stores
 * the full last link and the entry count, so a truncated tail is caught too.
 */
public final class HashChain {
  public static final int STORED_BYTES = 16;
  private static final byte[] GENESIS = new byte[32];

  private final byte @Nullable [] key;

  private HashChain(byte @Nullable [] key) {
    this.key = key;
  }

  public static HashChain plain() {
    return new HashChain(null);
  }

  /** A keyed chain; the key must be at least 16 bytes. */
  public static HashChain keyed(byte[] key) {
    if (key.length < 16) {
      throw new InvalidInputException("journal secret key must be at least 16 bytes, got "
          + key.length);
    }
    return new HashChain(key.clone());
  }

  public boolean isKeyed() {
    return key != null;
  }

  public static byte[] genesis() {
    return GENESIS.clone();
  }

  /** The full link for an entry. */
  public byte[] link(byte[] previous, String runId, long seq, EntryKind kind, long step,
      long atMillis, byte[] payloadDigest) {
    byte[] id = runId.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(32 + 4 + id.length + 8 + 4 + 8 + 8 + 32);
    buf.put(previous).putInt(id.length).put(id).putLong(seq).putInt(kind.code()).putLong(step)
        .putLong(atMillis).put(payloadDigest);
    byte[] input = buf.array();
    if (key == null) {
      return sha256().digest(input);
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  public static byte[] stored(byte[] link) {
    return Arrays.copyOf(link, STORED_BYTES);
  }

  public static byte[] digest(byte[] payload) {
    return sha256().digest(payload);
  }

  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
