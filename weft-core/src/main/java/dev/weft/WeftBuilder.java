package dev.weft;

import dev.weft.spi.Store;
import dev.weft.spi.StoreOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/** Configures and opens a {@link Weft}. Every setting has a default. */
public final class WeftBuilder {
  private String url = "sqlite:weft.db";
  private @Nullable Store store;
  private Durability durability = Durability.EFFECTS;
  private boolean create = true;
  private WeftClock clock = WeftClock.system();
  private RandomGenerator random = new java.util.SplittableRandom();
  private Duration leaseTtl = Duration.ofSeconds(30);
  private int inlineLimit = 64 * 1024;
  private byte @Nullable [] secretKey;
  private final List<Definition> definitions = new ArrayList<>();
  private boolean discover;
  private boolean scheduler = true;
  private Duration pollInterval = Duration.ofSeconds(1);

  WeftBuilder() {}

  /** The store URL: {@code sqlite:PATH}, {@code memory:}, or a file path. */
  public WeftBuilder url(String value) {
    this.url = Objects.requireNonNull(value, "url");
    return this;
  }

  /** Uses an already open store instead of a URL. */
  public WeftBuilder store(Store value) {
    this.store = Objects.requireNonNull(value, "store");
    return this;
  }

  public WeftBuilder durability(Durability value) {
    this.durability = Objects.requireNonNull(value, "durability");
    return this;
  }

  /** Whether a missing database may be created (default true). */
  public WeftBuilder create(boolean value) {
    this.create = value;
    return this;
  }

  public WeftBuilder clock(WeftClock value) {
    this.clock = Objects.requireNonNull(value, "clock");
    return this;
  }

  /** Randomness for backoff jitter; seed it in tests. */
  public WeftBuilder random(RandomGenerator value) {
    this.random = Objects.requireNonNull(value, "random");
    return this;
  }

  /** How long a lease lasts without a heartbeat (default 30 s). */
  public WeftBuilder leaseTtl(Duration value) {
    if (value.toMillis() < 100) {
      throw new InvalidInputException("lease TTL must be at least 100 ms, got " + value);
    }
    this.leaseTtl = value;
    return this;
  }

  /** Payloads larger than this many bytes are stored as blobs (default 64 KiB). */
  public WeftBuilder inlineLimit(int bytes) {
    if (bytes < 0) {
      throw new InvalidInputException("inline limit must not be negative, got " + bytes);
    }
    this.inlineLimit = bytes;
    return this;
  }

  /** Keys the journal hash chain (HMAC-SHA256); at least 16 bytes. */
  public WeftBuilder secretKey(byte[] value) {
    if (value.length < 16) {
      throw new InvalidInputException("journal secret key must be at least 16 bytes, got "
          + value.length);
    }
    this.secretKey = value.clone();
    return this;
  }

  public WeftBuilder secretKey(String value) {
    return secretKey(value.getBytes(StandardCharsets.UTF_8));
  }

  public WeftBuilder register(Definition... defs) {
    definitions.addAll(List.of(defs));
    return this;
  }

  /** Also registers every definition listed in {@code META-INF/services/dev.weft.Definition}. */
  public WeftBuilder discoverDefinitions(boolean value) {
    this.discover = value;
    return this;
  }

  /**
   * Whether the instance runs a scheduler that continues due runs of its definitions (default
   * true). Tools that only inspect or send signals turn it off.
   */
  public WeftBuilder scheduler(boolean value) {
    this.scheduler = value;
    return this;
  }

  /**
   * How often the scheduler looks for runs made due by other processes (default 1 s). Waits
   * committed and signals sent through this instance wake it at once.
   */
  public WeftBuilder pollInterval(Duration value) {
    if (value.toMillis() < 10) {
      throw new InvalidInputException("poll interval must be at least 10 ms, got " + value);
    }
    this.pollInterval = value;
    return this;
  }

  public Weft build() {
    return Weft.create(this);
  }

  String url() {
    return url;
  }

  @Nullable Store store() {
    return store;
  }

  StoreOptions storeOptions() {
    return StoreOptions.defaults().withDurability(durability).withCreate(create);
  }

  WeftClock clock() {
    return clock;
  }

  RandomGenerator random() {
    return random;
  }

  Duration leaseTtl() {
    return leaseTtl;
  }

  int inlineLimit() {
    return inlineLimit;
  }

  byte @Nullable [] secretKey() {
    return secretKey == null ? null : secretKey.clone();
  }

  List<Definition> definitions() {
    return List.copyOf(definitions);
  }

  boolean discover() {
    return discover;
  }

  boolean scheduler() {
    return scheduler;
  }

  Duration pollInterval() {
    return pollInterval;
  }
}
