package io.flashorders.processor.consume;

import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Puts a message that can never be processed on the dead-letter queue at once, with the reason as message attributes,
 * instead of letting it be received and fail until the redrive policy moves it.
 */
final class DeadLetters {

    static final String REASON = "failure_reason";
    static final String DETAIL = "failure_detail";
    static final String SOURCE_MESSAGE_ID = "source_message_id";
    /** SQS's limit for a string attribute is the message size; a reason needs a line, not a page. */
    private static final int MAX_DETAIL = 1_000;

    private final SqsClient sqs;
    private final String deadLetterQueueUrl;
    private final Duration callTimeout;

    DeadLetters(SqsClient sqs, String deadLetterQueueUrl, Duration callTimeout) {
        this.sqs = sqs;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
        this.callTimeout = callTimeout;
    }

    /** @throws software.amazon.awssdk.core.exception.SdkException when the dead-letter queue did not take it */
    void send(String body, Outcome outcome, String sourceMessageId) {
        String detail = outcome.detail().length() > MAX_DETAIL ? outcome.detail().substring(0, MAX_DETAIL) : outcome.detail();
        sqs.sendMessage(r -> r.queueUrl(deadLetterQueueUrl).messageBody(body.isEmpty() ? "(empty)" : body)
                .messageAttributes(Map.of(
                        REASON, text(outcome.reason()),
                        DETAIL, text(detail.isEmpty() ? "-" : detail),
                        SOURCE_MESSAGE_ID, text(sourceMessageId)))
                .overrideConfiguration(c -> c.apiCallTimeout(callTimeout)));
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
