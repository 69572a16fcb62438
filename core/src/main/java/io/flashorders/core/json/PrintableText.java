package io.flashorders.core.json;

/**
 * The one rule for text a customer sends that the system keeps and passes on (a product id): bounded in length, and
 * printable only. Control characters (NUL, BEL, DEL, C1) and line or paragraph separators have no place in an
 * identifier. U+FFFE, U+FFFF, the other noncharacters and unpaired surrogates cannot travel at all: SQS refuses them
 * (the JSON escapes control characters, not these), and refuses them for a whole SendMessageBatch on ElasticMQ, so
 * one such order would fail the orders it shares a batch with.
 */
public final class PrintableText {

    public static final String NOT_PRINTABLE = "must contain only printable characters (no control characters, "
            + "noncharacters such as U+FFFF, or unpaired surrogates)";

    private PrintableText() {
    }

    /** What is wrong with the text, or null when it may be kept: not blank, at most {@code maxLength} characters, printable. */
    public static String problem(String text, int maxLength) {
        if (text.isBlank()) {
            return "must not be blank";
        }
        if (text.length() > maxLength) {
            return "must be at most " + maxLength + " characters";
        }
        return printable(text) ? null : NOT_PRINTABLE;
    }

    static boolean printable(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.SURROGATE || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || noncharacter(c)) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    /** U+FDD0 to U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF, U+1FFFE, ...). */
    private static boolean noncharacter(int c) {
        return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
    }
}
