package dev.weft.spi;

import dev.weft.Durability;
import java.time.Duration;
import java.util.Objects;

/**
 * How a store is opened.
 *
 * @param durability when commits are forced to stable storage
 * @param create whether a missing database may be created (false for inspection commands)
 * @param busyTimeout how long to wait for a lock held by another process
 */
public record StoreOptions(Durability durability, boolean create, Duration busyTimeout) {
  public StoreOptions {
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(busyTimeout, "busyTimeout");
  }

  public static StoreOptions defaults() {
    return new StoreOptions(Durability.EFFECTS, true, Duration.ofSeconds(10));
  }

  public StoreOptions withDurability(Durability value) {
    return new StoreOptions(value, create, busyTimeout);
  }

  public StoreOptions withCreate(boolean value) {
    return new StoreOptions(durability, value, busyTimeout);
  }
}
