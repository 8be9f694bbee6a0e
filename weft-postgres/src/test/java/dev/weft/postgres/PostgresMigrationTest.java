package dev.weft.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.RunStatus;
import dev.weft.StoreException;
import dev.weft.Weft;
import dev.weft.testing.Counter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresMigrationTest {
  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @Test
  void aDatabaseWrittenByANewerWeftIsRefused() {
    String url = db.newDatabase();
    PostgresServer.execute(url, "CREATE TABLE weft_meta (name TEXT PRIMARY KEY, value TEXT)",
        "INSERT INTO weft_meta VALUES ('schema_version', '999')");
    StoreException e = assertThrows(StoreException.class, () -> Weft.open(url).close());
    assertTrue(e.getMessage().contains("newer Weft (schema version 999)"), e.getMessage());
  }

  @Test
  void aDatabaseWithOtherTablesIsRefusedAndLeftUntouched() throws Exception {
    String url = db.newDatabase();
    PostgresServer.execute(url, "CREATE TABLE customers (id BIGINT PRIMARY KEY)");
    StoreException e = assertThrows(StoreException.class, () -> Weft.open(url).close());
    assertTrue(e.getMessage().contains("not a Weft database"), e.getMessage());
    assertEquals(List.of("customers"), tables(url));
  }

  @Test
  void otherSchemasOfTheSameDatabaseDoNotCountAsForeignTables() throws Exception {
    db.execute("CREATE TABLE public.customers (id BIGINT PRIMARY KEY)");
    String url = db.newSchema();
    try (Weft weft = Weft.open(url)) {
      assertEquals(RunStatus.COMPLETED, weft.run(new Counter(), "c", new Counter.Input(2))
          .status());
    }
  }

  @Test
  void anEmptyDatabaseIsNotCreatedWhenCreationIsOff() {
    String url = db.newSchema();
    StoreException e = assertThrows(StoreException.class,
        () -> Weft.builder().url(url).create(false).build().close());
    assertTrue(e.getMessage().contains("no Weft database"), e.getMessage());
  }

  @Test
  void storesOpeningAFreshSchemaTogetherAllSucceed() throws Exception {
    String url = db.newSchema();
    int openers = 4;
    CountDownLatch ready = new CountDownLatch(openers);
    List<Future<String>> opened = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < openers; i++) {
        opened.add(threads.submit(() -> {
          ready.countDown();
          ready.await();
          try (Weft weft = Weft.open(url)) {
            return weft.store().describe();
          }
        }));
      }
    }
    for (Future<String> f : opened) {
      assertTrue(f.get().contains("(schema 2)"), f.get());
    }
  }

  private static List<String> tables(String url) throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables"
            + " WHERE table_schema = current_schema() ORDER BY table_name")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }
}
