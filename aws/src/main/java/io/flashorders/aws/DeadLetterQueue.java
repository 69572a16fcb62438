package io.flashorders.aws;

import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Puts a message that can never be processed on the dead-letter queue at once, with the reason as message attributes,
 * instead of letting it be received and fail until the redrive policy moves it.
 */
public final class DeadLetterQueue {

    public static final String REASON = "failure_reason";
    public static final String DETAIL = "failure_detail";
    public static final String SOURCE_MESSAGE_ID = "source_message_id";
    /** SQS's limit for a string attribute is the message size; a reason needs a line, not a page. */
    private static final int MAX_DETAIL = 1_000;

    private final SqsClient sqs;
    private final String queueUrl;
    private final Duration callTimeout;

    public DeadLetterQueue(SqsClient sqs, String queueUrl, Duration callTimeout) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.callTimeout = callTimeout;
    }

    /**
     * @param reason a wire code, e.g. {@code malformed_json}
     * @throws software.amazon.awssdk.core.exception.SdkException when the dead-letter queue did not take it
     */
    public void send(String body, String reason, String detail, String sourceMessageId) {
        String shortDetail = detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail;
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body.isEmpty() ? "(empty)" : body)
                .messageAttributes(Map.of(
                        REASON, text(reason),
                        DETAIL, text(shortDetail.isEmpty() ? "-" : shortDetail),
                        SOURCE_MESSAGE_ID, text(sourceMessageId)))
                .overrideConfiguration(c -> c.apiCallTimeout(callTimeout)));
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
