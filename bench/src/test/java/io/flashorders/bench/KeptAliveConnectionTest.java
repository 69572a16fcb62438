package io.flashorders.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The driver's connection against the JDK's HTTP server: lengths, chunks, kept and closed connections. */
class KeptAliveConnectionTest {

    private HttpServer server;
    private final Set<InetSocketAddress> peers = ConcurrentHashMap.newKeySet();
    private final AtomicReference<String> lastBody = new AtomicReference<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fixed", exchange -> answer(exchange, 202, "{\"order_id\":\"a1\"}", false, false));
        server.createContext("/chunked", exchange -> answer(exchange, 200, "x".repeat(10_000), true, false));
        server.createContext("/refuse", exchange -> answer(exchange, 503, "{\"error\":\"overloaded\"}", false, true));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange, int status, String body, boolean chunked, boolean close) throws IOException {
        peers.add(exchange.getRemoteAddress());
        lastBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (close) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        exchange.sendResponseHeaders(status, chunked ? 0 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void postsTheBodyAndKeepsOneConnectionForEveryRequest() {
        try (KeptAliveConnection connection = new KeptAliveConnection(url("/fixed"), "{\"n\":1}", 5_000)) {
            for (int i = 0; i < 5; i++) {
                String[] body = new String[1];
                assertEquals(202, connection.send(body));
                assertEquals("{\"order_id\":\"a1\"}", body[0]);
            }
        }
        assertEquals("{\"n\":1}", lastBody.get());
        assertEquals(1, peers.size(), "every request on the first connection");
    }

    @Test
    void readsAChunkedBodyToItsEnd() {
        try (KeptAliveConnection connection = new KeptAliveConnection(url("/chunked"), null, 5_000)) {
            for (int i = 0; i < 3; i++) {
                String[] body = new String[1];
                assertEquals(200, connection.send(body));
                assertEquals(10_000, body[0].length());
            }
        }
        assertEquals(1, peers.size());
    }

    @Test
    void opensANewConnectionAfterTheServerClosesOne() {
        try (KeptAliveConnection connection = new KeptAliveConnection(url("/refuse"), "{}", 5_000)) {
            for (int i = 0; i < 3; i++) {
                String[] body = new String[1];
                assertEquals(503, connection.send(body));
                assertNull(body[0], "only a 2xx body is kept");
            }
        }
        assertEquals(3, peers.size(), "one connection per answer that closed its connection");
    }

    @Test
    void answersZeroWhenNothingListens() {
        URI nobody = url("/fixed");
        server.stop(0);
        try (KeptAliveConnection connection = new KeptAliveConnection(nobody, null, 1_000)) {
            assertEquals(0, connection.send(null));
        }
    }
}
