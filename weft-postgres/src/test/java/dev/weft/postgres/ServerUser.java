package dev.weft.postgres;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * How this process runs PostgreSQL's binaries, which refuse to run as root: directly when it is
 * not root; as root, through {@code runuser -u postgres} when that user exists (the server's
 * directories then belong to it), else in a user namespace where root appears as an ordinary
 * user ({@code unshare -U --map-user=1}). The system property {@code weft.pg.runas}
 * ({@code runuser} or {@code unshare}) forces one way, to check a fallback.
 *
 * @param how a description for messages
 * @param prefix the command that precedes every PostgreSQL binary
 * @param owner who must own the server's directories, or null for this process's user
 */
record ServerUser(String how, List<String> prefix, @Nullable UserPrincipal owner) {
  /** The ways to try, best first. */
  static List<ServerUser> candidates() throws IOException {
    int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    if (uid != 0) {
      return List.of(new ServerUser("as the current user", List.of(), null));
    }
    List<ServerUser> ways = new ArrayList<>();
    try {
      UserPrincipal postgres = FileSystems.getDefault().getUserPrincipalLookupService()
          .lookupPrincipalByName("postgres");
      ways.add(new ServerUser("as root through runuser -u postgres",
          List.of("runuser", "-u", "postgres", "--"), postgres));
    } catch (UserPrincipalNotFoundException e) {
      // no postgres user: only the user namespace is left
    }
    ways.add(new ServerUser("as root through unshare -U (root mapped to uid 1)",
        List.of("unshare", "-U", "--map-user=1", "--map-group=1"), null));
    String only = System.getProperty("weft.pg.runas", "");
    return ways.stream().filter(w -> only.isEmpty() || w.prefix().get(0).equals(only)).toList();
  }

  /** Makes {@code dir} usable by the server's user. */
  void own(Path dir) throws IOException {
    if (owner != null) {
      Files.setOwner(dir, owner);
    }
  }

  /** Runs {@code command} through this way, output to {@code out}; returns the exit code. */
  int run(Path workDir, Path out, List<String> command, long timeoutSeconds)
      throws IOException, InterruptedException {
    List<String> full = new ArrayList<>(prefix);
    full.addAll(command);
    Process p = new ProcessBuilder(full).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", full) + " did not finish within "
          + timeoutSeconds + " s; its output is in " + out);
    }
    return p.exitValue();
  }
}
