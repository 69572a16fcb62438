package io.flashorders.inventory;

/**
 * A sale's keys, in the order every script takes them (see common.lua). They share the hash tag {@code {saleId}}
 * so that a script's keys are in one cluster slot.
 */
record Keys(String sale, String holds, String checkouts, String reservations, String customers, String idempotency,
            String audit) {

    static Keys of(String saleId) {
        String tag = "sale:{" + saleId + "}";
        return new Keys(tag, tag + ":holds", tag + ":checkouts", tag + ":reservations", tag + ":customers",
                tag + ":idempotency", tag + ":audit");
    }

    String[] all() {
        return new String[] {sale, holds, checkouts, reservations, customers, idempotency, audit};
    }
}
