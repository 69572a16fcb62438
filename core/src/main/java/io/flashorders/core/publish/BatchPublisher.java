package io.flashorders.core.publish;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A publisher that can also queue several orders in one call (SQS SendMessageBatch, SNS PublishBatch). */
public interface BatchPublisher extends OrderPublisher {

    /** The most orders one {@link #publishAll} call takes. */
    int MAX_BATCH = 10;

    /** One order to queue: its id (for errors) and its wire form, the message body. */
    record Message(String orderId, String orderJson) {
    }

    /**
     * Queues up to {@link #MAX_BATCH} orders in one call.
     *
     * @return the orders that were not queued, by their index in {@code messages}; every other one is durably queued
     * @throws PublishException when the call as a whole failed: none of them may be taken as queued
     */
    Map<Integer, PublishException> publishAll(List<Message> messages) throws PublishException;

    /**
     * What a batch call's answer means for each message: an entry the answer confirms went through; any other, refused
     * or not named at all, did not.
     *
     * @param confirmedIds the ids the answer confirms (an entry's id is its index)
     * @param refusals     the reasons the answer gives, by id
     */
    static Map<Integer, PublishException> failures(List<Message> messages, Collection<String> confirmedIds,
            Map<String, String> refusals, String destination) {
        Map<Integer, PublishException> failed = new HashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            String id = Integer.toString(i);
            if (!confirmedIds.contains(id) || refusals.containsKey(id)) {
                String why = refusals.getOrDefault(id, "not confirmed in the answer");
                failed.put(i, new PublishException("could not queue order " + messages.get(i).orderId() + " on " + destination + ": " + why, null));
            }
        }
        return failed;
    }
}
