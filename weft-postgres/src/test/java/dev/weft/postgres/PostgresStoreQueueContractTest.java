package dev.weft.postgres;

import dev.weft.spi.Store;
import dev.weft.spi.StoreOptions;
import dev.weft.spi.StoreQueueContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The queue contract on PostgreSQL: every test gets a fresh schema in the class's database. */
class PostgresStoreQueueContractTest extends StoreQueueContract {
  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @Override
  protected Store newStore() {
    return new PostgresStoreProvider().open(db.newSchema(), StoreOptions.defaults());
  }
}
