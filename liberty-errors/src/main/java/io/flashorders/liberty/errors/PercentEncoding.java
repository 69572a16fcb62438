package io.flashorders.liberty.errors;

/**
 * The one rule Liberty's web container enforces on a request URI before choosing an application: every {@code %}
 * starts an escape of exactly two hex digits. A URI that breaks it ({@code /orders/%zz}, a trailing {@code %}) is
 * refused by the container with its own body, so this feature must recognise exactly those URIs and no others.
 */
public final class PercentEncoding {

    private PercentEncoding() {
    }

    /** True when every {@code %} in {@code uri} is followed by two hex digits; a {@code null} URI is well formed. */
    public static boolean isWellFormed(String uri) {
        if (uri == null) {
            return true;
        }
        for (int i = uri.indexOf('%'); i >= 0; i = uri.indexOf('%', i + 3)) {
            if (i + 2 >= uri.length() || !isHex(uri.charAt(i + 1)) || !isHex(uri.charAt(i + 2))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
