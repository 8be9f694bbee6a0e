package dev.weft;

/**
 * Something Weft can run: a loop (and later a graph or workflow). Implementations listed in
 * {@code META-INF/services/dev.weft.Definition} are found by name by the CLI.
 */
public interface Definition {
  /** The name runs are started under; stored with each run. */
  String name();

  /** The definition's version, stored with each run. */
  default int version() {
    return 1;
  }
}
