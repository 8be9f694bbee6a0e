package dev.weft.sqlite;

import dev.weft.spi.Store;
import dev.weft.spi.StoreOptions;
import dev.weft.spi.StoreQueueContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreQueueContractTest extends StoreQueueContract {
  @TempDir Path dir;

  @Override
  protected Store newStore() {
    return SqliteStoreProvider.open(dir.resolve("queues.db"), StoreOptions.defaults());
  }
}
