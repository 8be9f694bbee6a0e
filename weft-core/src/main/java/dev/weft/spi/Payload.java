package dev.weft.spi;

import java.util.Objects;

/**
 * Bytes stored with a run: either inline or, past the configured inline size, as a reference to
 * a content-addressed blob. A payload is never truncated.
 */
public sealed interface Payload {
  /** The bytes themselves. */
  record Inline(byte[] bytes) implements Payload {
    public Inline {
      Objects.requireNonNull(bytes, "bytes");
    }

    @Override
    public long size() {
      return bytes.length;
    }
  }

  /** A blob, by the lowercase hex SHA-256 of its content. */
  record BlobRef(String hash, long size) implements Payload {
    public BlobRef {
      Objects.requireNonNull(hash, "hash");
      if (hash.length() != 64) {
        throw new IllegalArgumentException("blob hash must be 64 hex characters: " + hash);
      }
    }
  }

  long size();

  static Payload inline(byte[] bytes) {
    return new Inline(bytes);
  }
}
