package io.flashorders.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The bad-input corpus: text files under {@code src/test/resources/bad-input/}, one case a line, columns separated by
 * {@code " | "}, {@code #} lines are comments. {@code orders.txt} holds bad bodies (every order endpoint gets each one);
 * {@code protocol.txt} holds requests the container answers. An endpoint added later adds its own file of bodies and
 * reads it with {@link #bodies(String)}.
 */
public final class BadInputCorpus {

    private BadInputCorpus() {
    }

    /** A bad body: sent with its Content-Type, refused with {@code status}, {@code error} and a body containing {@code detail}. */
    public record BodyCase(String name, String contentType, byte[] body, int status, String error, String detail) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A bad request line: {@code method target} answered with {@code status} and {@code error}. */
    public record RequestCase(String name, String method, String target, int status, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    public static List<BodyCase> bodies(String file) {
        List<BodyCase> cases = new ArrayList<>();
        for (String[] columns : rows(file, 6)) {
            String contentType = columns[1].equals("<none>") ? null : columns[1];
            cases.add(new BodyCase(columns[0], contentType, body(columns[2], contentType), Integer.parseInt(columns[3]),
                    columns[4], columns[5]));
        }
        return cases;
    }

    public static List<RequestCase> requests(String file) {
        List<RequestCase> cases = new ArrayList<>();
        for (String[] columns : rows(file, 5)) {
            cases.add(new RequestCase(columns[0], columns[1], columns[2], Integer.parseInt(columns[3]), columns[4]));
        }
        return cases;
    }

    /** Text in the Content-Type's charset when it names one Java knows (else UTF-8), or raw bytes after {@code hex:}. */
    private static byte[] body(String text, String contentType) {
        if (text.equals("<empty>")) {
            return new byte[0];
        }
        if (text.startsWith("hex:")) {
            return HexFormat.of().parseHex(text.substring("hex:".length()));
        }
        Charset charset = StandardCharsets.UTF_8;
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        int at = type.indexOf("charset=");
        if (at >= 0 && Charset.isSupported(type.substring(at + "charset=".length()).trim())) {
            charset = Charset.forName(type.substring(at + "charset=".length()).trim());
        }
        return text.getBytes(charset);
    }

    private static List<String[]> rows(String file, int width) {
        String resource = "/bad-input/" + file;
        try (InputStream in = BadInputCorpus.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the test class path");
            }
            List<String[]> rows = new ArrayList<>();
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split(" \\| ", -1);
                if (columns.length != width) {
                    throw new IllegalStateException(resource + ": expected " + width + " columns in: " + line);
                }
                for (int i = 0; i < columns.length; i++) {
                    columns[i] = columns[i].trim();
                }
                rows.add(columns);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
