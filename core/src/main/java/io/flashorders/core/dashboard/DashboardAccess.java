package io.flashorders.core.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may watch the war room. {@link Mode#OPEN} lets everyone in (the local default). {@link Mode#ADMIN} asks for the
 * sale admin's bearer token, as the admin operations do: in an {@code Authorization} header, or in the session cookie
 * that the page gets by presenting the token once, since a browser's EventSource cannot send headers. The cookie holds
 * an HMAC of the token, not the token: it changes when the token does, and shows nothing of it.
 */
public final class DashboardAccess {

    public enum Mode {
        OPEN, ADMIN;

        /** @throws IllegalArgumentException for anything but open or admin */
        public static Mode of(String text) {
            return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "open" -> OPEN;
                case "admin" -> ADMIN;
                default -> throw new IllegalArgumentException("dashboard.access is open or admin, not " + text);
            };
        }
    }

    public enum Verdict {
        /** Let in. */
        ALLOWED,
        /** Admin mode and no admin token configured: nobody gets in (403). */
        DISABLED,
        /** No token and no session cookie (401). */
        UNAUTHENTICATED,
        /** A wrong token or a cookie of another token (403). */
        FORBIDDEN
    }

    private static final byte[] PURPOSE = "flash-orders war room session".getBytes(StandardCharsets.UTF_8);

    private DashboardAccess() {
    }

    public static Verdict check(Mode mode, Optional<String> adminToken, Optional<String> bearer, Optional<String> cookie) {
        if (mode == Mode.OPEN) {
            return Verdict.ALLOWED;
        }
        if (adminToken.isEmpty()) {
            return Verdict.DISABLED;
        }
        if (bearer.isPresent()) {
            return same(bearer.get(), adminToken.get()) ? Verdict.ALLOWED : Verdict.FORBIDDEN;
        }
        if (cookie.isPresent()) {
            return same(cookie.get(), sessionCookie(adminToken.get())) ? Verdict.ALLOWED : Verdict.FORBIDDEN;
        }
        return Verdict.UNAUTHENTICATED;
    }

    /** The session cookie's value for this admin token: HMAC-SHA256 of a fixed purpose, base64url. */
    public static String sessionCookie(String adminToken) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(adminToken.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(PURPOSE));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static boolean same(String given, String expected) {
        return MessageDigest.isEqual(given.strip().getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
