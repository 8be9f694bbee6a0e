package dev.weft.spi;

import java.util.Objects;

/** Content-addressed bytes: {@code hash} is the lowercase hex SHA-256 of {@code bytes}. */
public record Blob(String hash, byte[] bytes) {
  public Blob {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(bytes, "bytes");
  }
}
