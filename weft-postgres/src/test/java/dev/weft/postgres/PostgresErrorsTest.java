package dev.weft.postgres;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.StoreException;
import dev.weft.Weft;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresErrorsTest {
  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @Test
  void aPortWithoutAServerIsReportedAsConnectionRefused() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String message = refusal("jdbc:postgresql://127.0.0.1:" + port + "/x?user=postgres");
    assertTrue(message.contains("cannot connect to PostgreSQL at postgresql://127.0.0.1:" + port
        + "/x?user=postgres") && message.contains("is the server running"), message);
  }

  @Test
  void anUnknownUserIsReportedAsARefusedLogin() {
    String url = "postgresql://nobody_here:secret@127.0.0.1:" + db.server().port() + "/"
        + db.name();
    String message = refusal(url);
    assertTrue(message.contains("refused the login"), message);
    assertTrue(!message.contains("secret"), "the password must not appear: " + message);
  }

  @Test
  void aMissingDatabaseIsReportedByName() {
    String message = refusal(db.server().url("no_such_db"));
    assertTrue(message.contains("does not exist") && message.contains("no_such_db"), message);
  }

  @Test
  void aMissingSchemaIsReportedAsSuch() {
    String message = refusal(db.url() + "&currentSchema=no_such_schema");
    assertTrue(message.contains("schema") && message.contains("does not exist"), message);
  }

  private static String refusal(String url) {
    return assertThrows(StoreException.class, () -> Weft.open(url).close()).getMessage();
  }
}
