package dev.weft.postgres;

import dev.weft.StoreException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A store URL as the driver wants it. Accepts the JDBC form ({@code jdbc:postgresql://host:port/
 * db?user=...}) as is, and the libpq form ({@code postgresql://user:password@host:port/db?...},
 * also {@code postgres://}), whose user and password the JDBC driver does not read from the
 * host part, so they become separate properties.
 *
 * @param jdbcUrl the URL for the driver
 * @param user the user from the libpq form, or null (then the URL's own parameters apply)
 * @param password the password from the libpq form, or null
 * @param description the URL without credentials, for messages
 */
record PostgresUrl(String jdbcUrl, @Nullable String user, @Nullable String password,
    String description) {
  private static final String JDBC = "jdbc:postgresql://";

  static boolean accepts(String url) {
    return url.startsWith(JDBC) || url.startsWith("postgresql://")
        || url.startsWith("postgres://");
  }

  static PostgresUrl parse(String url) {
    if (url.startsWith(JDBC)) {
      return new PostgresUrl(url, null, null, describe(url.substring(JDBC.length())));
    }
    int scheme = url.indexOf("://");
    if (scheme < 0 || !accepts(url)) {
      throw new StoreException("'" + url + "' is not a PostgreSQL URL; expected"
          + " jdbc:postgresql://HOST[:PORT]/DATABASE or postgresql://USER@HOST[:PORT]/DATABASE");
    }
    String rest = url.substring(scheme + 3);
    int end = endOfAuthority(rest);
    String authority = rest.substring(0, end);
    String tail = end == rest.length() || rest.charAt(end) == '?' ? "/" + rest.substring(end)
        : rest.substring(end);
    int at = authority.lastIndexOf('@');
    String user = null;
    String password = null;
    if (at >= 0) {
      String info = authority.substring(0, at);
      authority = authority.substring(at + 1);
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? null : decode(info.substring(colon + 1));
    }
    if (authority.isEmpty()) {
      throw new StoreException("PostgreSQL URL '" + describe(rest) + "' names no host");
    }
    String hostAndRest = authority + tail;
    return new PostgresUrl(JDBC + hostAndRest, user, password, describe(hostAndRest));
  }

  private static int endOfAuthority(String rest) {
    int slash = rest.indexOf('/');
    int query = rest.indexOf('?');
    int end = slash < 0 ? query : query < 0 ? slash : Math.min(slash, query);
    return end < 0 ? rest.length() : end;
  }

  /** {@code postgresql://host:port/db?query} without user info or a password parameter. */
  private static String describe(String hostAndRest) {
    int q = hostAndRest.indexOf('?');
    String path = q < 0 ? hostAndRest : hostAndRest.substring(0, q);
    int slash = path.indexOf('/');
    int at = path.lastIndexOf('@', slash < 0 ? path.length() : slash);
    StringBuilder out = new StringBuilder("postgresql://").append(path.substring(at + 1));
    if (q >= 0) {
      String sep = "?";
      for (String param : hostAndRest.substring(q + 1).split("&")) {
        if (!param.isEmpty() && !param.toLowerCase(Locale.ROOT).startsWith("password=")) {
          out.append(sep).append(param);
          sep = "&";
        }
      }
    }
    return out.toString();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
