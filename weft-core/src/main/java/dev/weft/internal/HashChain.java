package dev.weft.internal;

import dev.weft.InvalidInputException;
import dev.weft.spi.EntryKind;
import dev.weft.spi.JournalRecord;
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

  private static final MessageDigest PROTOTYPE = lookUpSha256();

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(HashChain::newSha256);

  private final byte @Nullable [] key;
  private final @Nullable ThreadLocal<Mac> mac;

  private HashChain(byte @Nullable [] key) {
    this.key = key;
    this.mac = key == null ? null : ThreadLocal.withInitial(() -> newMac(key));
  }

  private static Mac newMac(byte[] key) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
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

  /** The full link for an entry that records no attempt. */
  public byte[] link(byte[] previous, String runId, long seq, EntryKind kind, long step,
      long atMillis, byte[] payloadDigest) {
    return link(previous, runId, seq, kind, step, atMillis, null, payloadDigest);
  }

  /** The full link for an entry; a recorded attempt is part of what the link covers. */
  public byte[] link(byte[] previous, String runId, long seq, EntryKind kind, long step,
      long atMillis, JournalRecord.@Nullable Stamp attempt, byte[] payloadDigest) {
    byte[] id = runId.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(32 + 4 + id.length + 8 + 4 + 8 + 8 + 4 + 8 + 32);
    buf.put(previous).putInt(id.length).put(id).putLong(seq).putInt(kind.code()).putLong(step)
        .putLong(atMillis).putInt(attempt == null ? 0 : attempt.attempt())
        .putLong(attempt == null ? 0 : attempt.startedMillis()).put(payloadDigest);
    byte[] input = buf.array();
    if (mac == null) {
      return sha256().digest(input);
    }
    return mac.get().doFinal(input);
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

  /**
   * This thread's SHA-256 digest. It is only ever used for one-shot {@code digest(bytes)},
   * which leaves it reset, so it needs no reset of its own.
   */
  private static MessageDigest sha256() {
    return SHA256.get();
  }

  private static MessageDigest newSha256() {
    // Every run executes on a new virtual thread, so this runs once per run: copying a
    // prototype is much cheaper than a provider lookup.
    try {
      return (MessageDigest) PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      return lookUpSha256();
    }
  }

  private static MessageDigest lookUpSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
