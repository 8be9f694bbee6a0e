package dev.weft.spi;

import java.util.Objects;

/**
 * The end of a run's journal hash chain, kept on the run row so that a removed tail is caught.
 *
 * @param count number of journal entries
 * @param hash the full 32-byte link of the last entry
 * @param keyed whether links are HMACs under a secret key rather than plain SHA-256
 */
public record ChainHead(long count, byte[] hash, boolean keyed) {
  public ChainHead {
    Objects.requireNonNull(hash, "hash");
  }
}
