package dev.weft;

/**
 * When committed work is forced to stable storage. A process crash loses nothing in any mode;
 * the modes differ only in what a power loss (or kernel crash) can take back.
 */
public enum Durability {
  /** Every commit is flushed before it is acknowledged. */
  SAFE,
  /**
   * Everything committed so far is flushed before any externally visible act: an effect starts,
   * a result or status is returned to a caller, a signal is acknowledged, a run completes. Pure
   * transitions in between may be flushed later and are recomputed after a power loss.
   */
  EFFECTS,
  /** Never forces a flush: survives a process crash, not a power loss. */
  FAST;

  public static Durability parse(String text) {
    for (Durability d : values()) {
      if (d.name().equalsIgnoreCase(text.trim())) {
        return d;
      }
    }
    throw new InvalidInputException("unknown durability '" + text
        + "'; expected safe, effects or fast");
  }
}
