package io.flashorders.it.support;

import java.util.concurrent.ThreadLocalRandom;

/** Order bodies as a shop's checkout would send them. */
public final class SampleOrders {

    private SampleOrders() {
    }

    public static String valid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "{\"customer_id\":" + random.nextInt(1, 100_000)
                + ",\"items\":[{\"product_id\":\"sku-" + random.nextInt(1, 500) + "\",\"quantity\":" + random.nextInt(1, 4)
                + ",\"price\":" + random.nextInt(1, 200) + ".99}]}";
    }
}
