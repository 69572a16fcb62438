package io.flashorders.core.intake;

import io.flashorders.core.json.OrderJson;
import io.flashorders.core.order.NewOrder;
import io.flashorders.core.store.Channel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a request asked for, as a SHA-256 hash: the endpoint and the validated order in its canonical JSON form. Two
 * requests ask for the same thing when they go to the same endpoint with the same customer and items, whatever the
 * spacing, the order of the fields or the server-owned fields they sent.
 */
public final class RequestFingerprint {

    private RequestFingerprint() {
    }

    public static String of(Channel channel, NewOrder submission) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(channel.wireName().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            sha256.update(OrderJson.write(submission).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
