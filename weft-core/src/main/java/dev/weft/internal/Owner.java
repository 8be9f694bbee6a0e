package dev.weft.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who holds a lease: {@code host/pid/processStartMillis/instance}. The process start time tells
 * a live process from a reused pid, so a holder on this host whose process is gone is provably
 * dead and its lease can be taken over at once.
 */
public record Owner(String host, long pid, long startMillis, int instance) {
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final String HOST = hostName();
  private static final long PID = ProcessHandle.current().pid();
  private static final long START = ProcessHandle.current().info().startInstant()
      .map(Instant::toEpochMilli).orElse(0L);

  /** A new identity for one Weft instance in this process. */
  public static Owner forThisProcess() {
    return new Owner(HOST, PID, START, INSTANCES.incrementAndGet());
  }

  public String id() {
    return host + "/" + pid + "/" + startMillis + "/" + instance;
  }

  /** Parses an owner id; empty if it is not one of ours. */
  public static Optional<Owner> parse(String id) {
    String[] parts = id.split("/");
    if (parts.length != 4) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Owner(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2]),
          Integer.parseInt(parts[3])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether the owner with this id certainly no longer runs: it lived on this host and its
   * process is gone (or the pid now belongs to a process started at another time).
   */
  public static boolean isProvablyDead(String id) {
    Optional<Owner> parsed = parse(id);
    if (parsed.isEmpty() || !parsed.get().host().equals(HOST)) {
      return false;
    }
    Owner o = parsed.get();
    if (o.pid() == PID && o.startMillis() == START) {
      return false; // this very process: alive, but another instance of it may hold the run
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(o.pid());
    if (handle.isEmpty() || !handle.get().isAlive() || isZombie(o.pid())) {
      return true;
    }
    long started = handle.get().info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
    // Start times read at different moments may differ by rounding; a pid reused by a process
    // started more than a second apart is a different process.
    return started > 0 && o.startMillis() > 0 && Math.abs(started - o.startMillis()) > 1000;
  }

  /**
   * Whether the process with this pid has exited and only waits for its parent to collect its
   * status (Linux: state Z or X in /proc). {@link ProcessHandle#isAlive} counts such a zombie as
   * alive, but it runs no code: a holder killed by SIGKILL is one until its parent reaps it, and
   * for good if the parent never does (a supervisor that does not wait, a container's PID 1).
   */
  static boolean isZombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int end = stat.lastIndexOf(')'); // the command name in parentheses may hold anything
      if (end < 0 || end + 2 >= stat.length()) {
        return false;
      }
      char state = stat.charAt(end + 2);
      return state == 'Z' || state == 'X';
    } catch (IOException | RuntimeException e) {
      return false; // no /proc (not Linux) or the process is gone: isAlive decides
    }
  }

  private static String hostName() {
    try {
      Path p = Path.of("/proc/sys/kernel/hostname");
      if (Files.isReadable(p)) {
        String h = Files.readString(p).trim();
        if (!h.isEmpty()) {
          return h.replace('/', '_');
        }
      }
    } catch (IOException ignored) {
      // fall through to the resolver
    }
    try {
      return InetAddress.getLocalHost().getHostName().replace('/', '_');
    } catch (IOException e) {
      return "localhost";
    }
  }
}
