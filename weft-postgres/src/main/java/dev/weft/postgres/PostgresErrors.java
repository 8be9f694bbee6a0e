package dev.weft.postgres;

import dev.weft.StoreException;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/** PostgreSQL errors (by SQLSTATE) turned into messages that say what to do. */
final class PostgresErrors {
  private PostgresErrors() {}

  static @Nullable RuntimeException translate(SQLException e, String location,
      long lockTimeoutMillis) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String pg = " (PostgreSQL: " + e.getMessage() + ")";
    String message = switch (state) {
      case "08001", "08004" -> "cannot connect to PostgreSQL at " + location + ": is the server"
          + " running and accepting TCP/IP connections on that host and port?" + pg;
      case "08003", "08006", "57P01", "57P02" -> "the connection to PostgreSQL at " + location
          + " was lost; the server shut down or the network failed" + pg;
      case "57P03" -> "PostgreSQL at " + location + " is not accepting connections yet (it is"
          + " starting up or shutting down); try again shortly" + pg;
      case "28000", "28P01" -> "PostgreSQL at " + location + " refused the login: check the"
          + " user name and password in the URL" + pg;
      case "3D000" -> "the database named in " + location + " does not exist; create it first"
          + " (e.g. createdb NAME)" + pg;
      case "3F000" -> "the schema " + location + " asks for (currentSchema or search_path)"
          + " does not exist; create it first" + pg;
      case "42501" -> "the PostgreSQL user of " + location + " lacks a privilege Weft needs"
          + " (it creates and writes tables weft_*)" + pg;
      case "53300" -> "PostgreSQL at " + location + " has no connection slots left; raise"
          + " max_connections or use fewer workers" + pg;
      case "55P03" -> "a row in " + location + " stayed locked by another process for longer"
          + " than the lock timeout of " + lockTimeoutMillis + " ms" + pg;
      case "23505" -> "a write to " + location + " conflicts with a row that already exists"
          + " (another process wrote the same row at the same time)" + pg;
      case "22021", "22P05" -> "PostgreSQL text cannot hold this value (text columns cannot"
          + " contain the NUL character \\u0000)" + pg;
      default -> null;
    };
    return message == null ? null : new StoreException(message, e);
  }
}
