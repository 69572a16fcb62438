package io.flashorders.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 connection that sends the same request again and again, for a load driver that must cost the machine
 * little: the request's bytes are built once, the answer is read straight off the socket (status, headers, a
 * {@code Content-Length} or chunked body), and the connection is kept until the server ends it ({@code Connection:
 * close}, as Liberty does after every error status) or fails, when the next request opens a new one. The JDK's
 * {@code HttpURLConnection} spent three to four times the CPU per request on the same load, enough to change what a
 * two-core machine measures. Not thread-safe: one per sending thread.
 */
final class KeptAliveConnection implements AutoCloseable {

    private final InetSocketAddress address;
    private final byte[] request;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /** @param body the JSON to POST, or null to GET */
    KeptAliveConnection(URI url, String body, int timeoutMillis) {
        this.address = new InetSocketAddress(url.getHost(), url.getPort() < 0 ? 80 : url.getPort());
        this.timeoutMillis = timeoutMillis;
        String target = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        String host = "Host: " + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + "\r\n";
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head = body == null
                ? "GET " + target + " HTTP/1.1\r\n" + host + "Accept: application/json\r\n\r\n"
                : "POST " + target + " HTTP/1.1\r\n" + host + "Accept: application/json\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + payload.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        this.request = new byte[headBytes.length + payload.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(payload, 0, request, headBytes.length, payload.length);
    }

    /**
     * Sends the request once and reads the whole answer.
     *
     * @param body where to put the answer's body when the status is 2xx, or null not to keep it
     * @return the status, or 0 when no answer came (refused, reset, timed out)
     */
    int send(String[] body) {
        try {
            if (socket == null) {
                open();
            }
            out.write(request);
            out.flush();
            return read(body);
        } catch (IOException e) {
            close();
            return 0;
        }
    }

    private void open() throws IOException {
        Socket opened = new Socket();
        opened.setTcpNoDelay(true);
        opened.connect(address, timeoutMillis);
        opened.setSoTimeout(timeoutMillis);
        socket = opened;
        in = new BufferedInputStream(opened.getInputStream(), 8192);
        out = opened.getOutputStream();
    }

    private int read(String[] body) throws IOException {
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        boolean keep = statusLine.startsWith("HTTP/1.1");
        long length = -1;
        boolean chunked = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> keep = !value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        ByteArrayOutputStream kept = body != null && status / 100 == 2 ? new ByteArrayOutputStream() : null;
        if (chunked) {
            for (long size = Long.parseLong(chunkSize(line()), 16); size > 0; size = Long.parseLong(chunkSize(line()), 16)) {
                copy(size, kept);
                line();
            }
            for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                // trailers: none expected, read past them
            }
        } else if (length >= 0) {
            copy(length, kept);
        } else {
            keep = false; // the body runs to the end of the connection
            copy(Long.MAX_VALUE, kept);
        }
        if (kept != null) {
            body[0] = kept.toString(StandardCharsets.UTF_8);
        }
        if (!keep) {
            close();
        }
        return status;
    }

    private static String chunkSize(String line) {
        int extension = line.indexOf(';');
        return (extension < 0 ? line : line.substring(0, extension)).trim();
    }

    private void copy(long length, ByteArrayOutputStream kept) throws IOException {
        byte[] buffer = new byte[4096];
        for (long left = length; left > 0; ) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                if (length == Long.MAX_VALUE) {
                    return;
                }
                throw new IOException("the answer ended early");
            }
            if (kept != null) {
                kept.write(buffer, 0, read);
            }
            left -= read;
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the connection ended mid-answer");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection: nothing left to do with it
            }
            socket = null;
        }
    }
}
