package io.flashorders.core.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A scrape of a /metrics page in Prometheus' text format: its samples, read by name and label values. Comment lines
 * and lines it cannot read are skipped.
 */
public final class PrometheusText {

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = samples;
    }

    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                samples.add(sample(line));
            } catch (RuntimeException e) {
                // a line in a form this reader does not know is not a figure the war room shows
            }
        }
        return new PrometheusText(samples);
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        Map<String, String> labels = new LinkedHashMap<>();
        String name;
        String rest;
        if (brace >= 0 && brace < space) {
            name = line.substring(0, brace);
            int close = line.lastIndexOf('}');
            parseLabels(line.substring(brace + 1, close), labels);
            rest = line.substring(close + 1).strip();
        } else {
            name = line.substring(0, space);
            rest = line.substring(space + 1).strip();
        }
        String value = rest.split("\\s+")[0];
        return new Sample(name, labels, Double.parseDouble(value));
    }

    private static void parseLabels(String text, Map<String, String> labels) {
        int i = 0;
        while (i < text.length()) {
            int equals = text.indexOf('=', i);
            if (equals < 0) {
                return;
            }
            String key = text.substring(i, equals).strip();
            int start = text.indexOf('"', equals) + 1;
            StringBuilder value = new StringBuilder();
            int j = start;
            while (j < text.length() && text.charAt(j) != '"') {
                if (text.charAt(j) == '\\' && j + 1 < text.length()) {
                    j++;
                }
                value.append(text.charAt(j));
                j++;
            }
            labels.put(key, value.toString());
            int comma = text.indexOf(',', j);
            i = comma < 0 ? text.length() : comma + 1;
        }
    }

    /**
     * The sum of the samples named {@code name} whose labels include every pair given ({@code "owner", "processor"});
     * empty when there is none.
     */
    public OptionalDouble sum(String name, String... labelPairs) {
        double sum = 0;
        boolean found = false;
        for (Sample sample : samples) {
            if (!sample.name().equals(name)) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i + 1 < labelPairs.length; i += 2) {
                matches &= labelPairs[i + 1].equals(sample.labels().get(labelPairs[i]));
            }
            if (matches) {
                sum += sample.value();
                found = true;
            }
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }
}
