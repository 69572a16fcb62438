package io.flashorders.core.store;

class InMemoryOrderStoreTest extends OrderStoreContract {

    @Override
    protected OrderStore newStore() {
        return new InMemoryOrderStore();
    }
}
