package io.flashorders.core.sale.limit;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A token bucket's size, written {@code tokens/period} ({@code 100/60s}, {@code 5/1s}, {@code 1000/1m}, {@code
 * 20/500ms}): at most {@code tokens} requests at once, and all of them back, a little at a time, over {@code period}.
 */
public record Rate(long tokens, Duration period) {

    private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*(ms|s|m|h)\\s*");

    public Rate {
        if (tokens < 1 || period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a rate needs at least one token and a positive period: " + tokens + "/" + period);
        }
    }

    /** @throws IllegalArgumentException when the text is not {@code tokens/period} with a unit of ms, s, m or h */
    public static Rate parse(String text) {
        Matcher m = text == null ? null : FORM.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not a rate (tokens/period, e.g. 100/60s): " + text);
        }
        long amount = Long.parseLong(m.group(2));
        Duration period = switch (m.group(3)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        return new Rate(Long.parseLong(m.group(1)), period);
    }

    /** The canonical form, which also names the rate's buckets: a changed rate starts buckets of its own. */
    @Override
    public String toString() {
        return tokens + "/" + period.toMillis() + "ms";
    }
}
