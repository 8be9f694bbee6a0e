package dev.weft.spi;

/**
 * Opens stores for URLs it recognises. Providers are found with {@link java.util.ServiceLoader};
 * the first whose {@link #accepts} returns true opens the store.
 */
public interface StoreProvider {
  /** Whether this provider handles {@code url} (e.g. {@code sqlite:runs.db}). */
  boolean accepts(String url);

  Store open(String url, StoreOptions options);
}
