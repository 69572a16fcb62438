package io.flashorders.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LocalRedisTest {

    /** One command in Redis's inline protocol on a fresh connection; returns the first line of the reply. */
    static String send(int port, String command) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    static String ping(int port) {
        try {
            return send(port, "PING");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void start_servesRealRedisAndRestartsEmpty() throws IOException {
        try (LocalRedis redis = LocalRedis.start(0)) {
            assertEquals("+PONG", ping(redis.port()));
            assertEquals("+OK", send(redis.port(), "SET stock 10"));
            assertTrue(send(redis.port(), "INFO server").startsWith("$"), "a real server answers INFO");
            assertEquals("redis://127.0.0.1:" + redis.port(), redis.endpoint().toString());

            redis.close();
            assertFalse(redis.isRunning());
            assertThrows(ConnectException.class, () -> send(redis.port(), "PING"));

            redis.restart();
            assertEquals("$-1", send(redis.port(), "GET stock"), "nothing persisted across a restart");
        }
    }

    @Test
    void start_takenPort_fails() {
        try (LocalRedis first = LocalRedis.start(0)) {
            assertThrows(IllegalStateException.class, () -> LocalRedis.start(first.port()).close());
        }
    }
}
