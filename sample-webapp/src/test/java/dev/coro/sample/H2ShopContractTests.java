package dev.coro.sample;

/** The contract suite on the default database: embedded H2, in memory. */
@ShopTest
class H2ShopContractTests extends ShopContractTests {}
