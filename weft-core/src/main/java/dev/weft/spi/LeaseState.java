package dev.weft.spi;

import org.jspecify.annotations.Nullable;

/**
 * The lease on a run. {@code epoch} grows by one with every claim; a commit must carry the
 * current epoch (fencing). {@code owner} is null when nobody holds the run.
 */
public record LeaseState(@Nullable String owner, long epoch, long untilMillis) {
  public static LeaseState free(long epoch) {
    return new LeaseState(null, epoch, 0);
  }

  public boolean isHeld() {
    return owner != null;
  }
}
