package dev.weft.spi;

import dev.weft.internal.memory.MemoryStore;

class MemoryStoreQueueContractTest extends StoreQueueContract {
  @Override
  protected Store newStore() {
    return new MemoryStore();
  }
}
