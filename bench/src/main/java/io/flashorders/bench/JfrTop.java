package io.flashorders.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a flight recording's CPU samples (jdk.ExecutionSample): the methods most often on top of the stack (self
 * time), and the methods most often anywhere on it (inclusive), as shares of all samples.
 *
 * <pre>java -cp bench/target/classes io.flashorders.bench.JfrTop bench/target/server.jfr [top]</pre>
 */
public final class JfrTop {

    private JfrTop() {
    }

    public static void main(String[] args) throws Exception {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (!frames.isEmpty()) {
                self.merge(name(frames.get(0)), 1, Integer::sum);
            }
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String name = name(frame);
                if (seen.add(name)) {
                    inclusive.merge(name, 1, Integer::sum);
                }
            }
        }
        System.out.println("CPU samples: " + samples);
        print("self (top of stack)", self, samples, top, m -> true);
        print("inclusive, this application's and the SDK's methods", inclusive, samples, top,
                m -> m.startsWith("io.flashorders") || m.startsWith("software.amazon"));
        print("inclusive, all methods", inclusive, samples, top, m -> true);
    }

    private static String name(RecordedFrame frame) {
        // A frame without a method is code the JVM generated (a stub or an adapter).
        return frame.getMethod() == null ? "(generated code)" : frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int top, java.util.function.Predicate<String> which) {
        System.out.println();
        System.out.println("| " + title + " | share of samples |");
        System.out.println("| --- | ---: |");
        counts.entrySet().stream().filter(e -> which.test(e.getKey()))
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf("| `%s` | %.1f %% |%n", e.getKey(), 100.0 * e.getValue() / samples));
    }
}
