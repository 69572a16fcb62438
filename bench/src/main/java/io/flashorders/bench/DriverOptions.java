package io.flashorders.bench;

import java.util.HashMap;
import java.util.Map;

/** A benchmark driver's command line: {@code --name=value} options, every one the driver reads required. */
final class DriverOptions {

    private final Map<String, String> values;

    private DriverOptions(Map<String, String> values) {
        this.values = values;
    }

    static DriverOptions parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("options are --name=value, not " + arg);
            }
            values.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        return new DriverOptions(values);
    }

    String text(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    int number(String name) {
        return Integer.parseInt(text(name));
    }
}
