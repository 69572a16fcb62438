package io.flashorders.order.sale;

/** A JSON request body, read whole up to orders.max-body-bytes, for the core to parse and validate. */
public record JsonBody(byte[] bytes) {
}
