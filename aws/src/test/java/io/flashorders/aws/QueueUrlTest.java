package io.flashorders.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * {@link QueueUrl} against a WireMock stand-in for the SQS JSON protocol: the URL is looked up once and
 * remembered, and a failed lookup is not remembered, so the next call tries again.
 */
class QueueUrlTest {

    private static final String QUEUE_NAME = "orders";
    private static final String QUEUE_URL = "http://127.0.0.1:9324/contract-test/orders";
    private static final String SQS_JSON = "application/x-amz-json-1.0";

    @RegisterExtension
    static final WireMockExtension SQS = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private SqsClient sqs;

    @BeforeEach
    void createClient() {
        sqs = AwsClients.sqs(AwsSettings.local(URI.create(SQS.baseUrl())));
    }

    @AfterEach
    void closeClient() {
        sqs.close();
    }

    @Test
    void get_calledTwice_looksUpOnceAndRemembers() {
        SQS.stubFor(getQueueUrl().willReturn(found()));
        QueueUrl queueUrl = new QueueUrl(sqs, QUEUE_NAME, Duration.ofSeconds(5));

        assertEquals(QUEUE_URL, queueUrl.get());
        assertEquals(QUEUE_URL, queueUrl.get());

        SQS.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonSQS.GetQueueUrl"))
                .withRequestBody(equalToJson("{\"QueueName\":\"" + QUEUE_NAME + "\"}")));
        assertEquals(1, SQS.findAll(postRequestedFor(urlEqualTo("/"))).size(), "requests in all");
    }

    @Test
    void get_lookupFailed_retriesOnNextCall() {
        SQS.stubFor(getQueueUrl().inScenario("queue appears").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(400)
                        .withHeader("Content-Type", SQS_JSON)
                        .withHeader("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender")
                        .withBody("{\"__type\":\"com.amazonaws.sqs#QueueDoesNotExist\","
                                + "\"message\":\"The specified queue does not exist.\"}"))
                .willSetStateTo("created"));
        SQS.stubFor(getQueueUrl().inScenario("queue appears").whenScenarioStateIs("created")
                .willReturn(found()));
        QueueUrl queueUrl = new QueueUrl(sqs, QUEUE_NAME, Duration.ofSeconds(5));

        assertThrows(QueueDoesNotExistException.class, queueUrl::get);
        assertEquals(QUEUE_URL, queueUrl.get());
        assertEquals(QUEUE_URL, queueUrl.get());

        assertEquals(2, SQS.findAll(postRequestedFor(urlEqualTo("/"))).size(),
                "one failed lookup, one successful, then remembered");
    }

    private static MappingBuilder getQueueUrl() {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSQS.GetQueueUrl"));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder found() {
        return aResponse().withStatus(200)
                .withHeader("Content-Type", SQS_JSON)
                .withBody("{\"QueueUrl\":\"" + QUEUE_URL + "\"}");
    }
}
