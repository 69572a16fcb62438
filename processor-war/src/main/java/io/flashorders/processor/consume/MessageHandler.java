package io.flashorders.processor.consume;

import io.flashorders.core.processing.DeliveryClaim;
import io.flashorders.core.processing.ProcessingOutcome;

/**
 * What a worker does with one message's body ({@link OrderHandler} for orders), apart from the message itself, which
 * {@link OrderMessages} keeps, retries or deletes by the outcome.
 */
@FunctionalInterface
interface MessageHandler {

    /** @param claim the delivery's claim on its order: its owner token, and where its renewal is registered once taken */
    ProcessingOutcome handle(String body, DeliveryClaim claim);
}
