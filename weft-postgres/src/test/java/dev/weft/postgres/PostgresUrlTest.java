package dev.weft.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.StoreException;
import org.junit.jupiter.api.Test;

class PostgresUrlTest {
  @Test
  void jdbcUrlsPassThroughAndLoseTheirPasswordInDescriptions() {
    PostgresUrl u = PostgresUrl.parse("jdbc:postgresql://db:5433/runs?user=w&password=p&ssl=true");
    assertEquals("jdbc:postgresql://db:5433/runs?user=w&password=p&ssl=true", u.jdbcUrl());
    assertNull(u.user());
    assertEquals("postgresql://db:5433/runs?user=w&ssl=true", u.description());
  }

  @Test
  void libpqUrlsMoveTheirCredentialsIntoProperties() {
    PostgresUrl u = PostgresUrl.parse("postgresql://weft:p%40ss%2Bw@db.local:5432/runs?ssl=true");
    assertEquals("jdbc:postgresql://db.local:5432/runs?ssl=true", u.jdbcUrl());
    assertEquals("weft", u.user());
    assertEquals("p@ss+w", u.password());
    assertEquals("postgresql://db.local:5432/runs?ssl=true", u.description());
  }

  @Test
  void libpqUrlsWithoutUserOrDatabaseAreAccepted() {
    PostgresUrl u = PostgresUrl.parse("postgres://localhost");
    assertEquals("jdbc:postgresql://localhost/", u.jdbcUrl());
    assertNull(u.user());
    assertNull(u.password());
  }

  @Test
  void aLibpqUrlWithAQueryButNoDatabaseKeepsTheQuery() {
    PostgresUrl u = PostgresUrl.parse("postgresql://w@db?sslmode=require");
    assertEquals("jdbc:postgresql://db/?sslmode=require", u.jdbcUrl());
    assertEquals("w", u.user());
  }

  @Test
  void theProviderAcceptsOnlyPostgresUrls() {
    PostgresStoreProvider p = new PostgresStoreProvider();
    assertTrue(p.accepts("jdbc:postgresql://h/db"));
    assertTrue(p.accepts("postgresql://h/db"));
    assertTrue(p.accepts("postgres://h/db"));
    assertFalse(p.accepts("sqlite:runs.db"));
    assertFalse(p.accepts("jdbc:mysql://h/db"));
  }

  @Test
  void aUrlWithoutHostIsRefused() {
    assertThrows(StoreException.class, () -> PostgresUrl.parse("postgresql://user@/db"));
  }
}
