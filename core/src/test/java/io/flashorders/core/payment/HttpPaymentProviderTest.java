package io.flashorders.core.payment;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.flashorders.core.money.Money;
import io.flashorders.core.money.OrderLimits;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP provider against a server that answers the headers at once and then stalls the body. */
class HttpPaymentProviderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final CountDownLatch released = new CountDownLatch(1);
    private HttpServer server;

    @BeforeEach
    void startStallingServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext(HttpPaymentProvider.CHARGES_PATH, exchange -> {
            byte[] start = "{\"id\":".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(201, 1_000);
            OutputStream body = exchange.getResponseBody();
            body.write(start);
            body.flush();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        released.countDown();
        server.stop(0);
    }

    @Test
    void charge_bodyStallsAfterTheHeaders_outcomeUnknownWithinTheTimeout() {
        HttpPaymentProvider provider = new HttpPaymentProvider(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), TIMEOUT);
        long start = System.nanoTime();

        assertThrows(PaymentOutcomeUnknownException.class,
                () -> provider.charge(new ChargeRequest("order-1", "order-1", Money.of(new BigDecimal("19.99"), OrderLimits.DEFAULT_CURRENCY))));

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(TIMEOUT.multipliedBy(3)) < 0, "ended by the whole-response timeout, took " + took);
    }
}
