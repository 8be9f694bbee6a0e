package dev.weft.spi;

import dev.weft.internal.memory.MemoryStore;

class MemoryStoreContractTest extends StoreContract {
  @Override
  protected Store newStore() {
    return new MemoryStore();
  }
}
