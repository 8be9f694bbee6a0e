package dev.weft.internal;

import dev.weft.StoreException;
import dev.weft.internal.memory.MemoryStore;
import dev.weft.spi.Store;
import dev.weft.spi.StoreOptions;
import dev.weft.spi.StoreProvider;
import java.util.ServiceLoader;

/** Opens a store from a URL through the {@link StoreProvider}s on the class path. */
public final class Stores {
  private Stores() {}

  /**
   * Opens {@code url}: {@code memory:} is an in-memory store; a value without a scheme is a
   * SQLite file path; anything else goes to the first provider that accepts it.
   */
  public static Store open(String url, StoreOptions options) {
    String u = normalize(url);
    if (u.equals("memory:") || u.startsWith("memory:")) {
      return new MemoryStore();
    }
    for (StoreProvider p : ServiceLoader.load(StoreProvider.class, Stores.class.getClassLoader())) {
      if (p.accepts(u)) {
        return p.open(u, options);
      }
    }
    for (StoreProvider p : ServiceLoader.load(StoreProvider.class)) {
      if (p.accepts(u)) {
        return p.open(u, options);
      }
    }
    throw new StoreException("no store provider for '" + url + "'; add weft-sqlite (for"
        + " sqlite:PATH) or weft-postgres (for jdbc:postgresql://...) to the class path");
  }

  /** A bare path becomes {@code sqlite:PATH}. */
  public static String normalize(String url) {
    if (url.isBlank()) {
      throw new StoreException("store URL is blank");
    }
    if (url.startsWith("jdbc:") || url.startsWith("sqlite:") || url.startsWith("memory:")
        || url.matches("^[a-z][a-z0-9+.-]*://.*")) {
      return url;
    }
    return "sqlite:" + url;
  }
}
