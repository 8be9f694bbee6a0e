package dev.weft.sqlite;

import dev.weft.spi.Store;
import dev.weft.spi.StoreContract;
import dev.weft.spi.StoreOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreContractTest extends StoreContract {
  @TempDir Path dir;

  @Override
  protected Store newStore() {
    return SqliteStoreProvider.open(dir.resolve("contract.db"), StoreOptions.defaults());
  }
}
