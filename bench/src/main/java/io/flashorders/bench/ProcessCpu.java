package io.flashorders.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time from /proc: of a process, of its threads grouped by name (digits dropped, so that the 40 threads of one
 * pool make one line), and of the whole machine, to see what else is running.
 */
public final class ProcessCpu {

    /** USER_HZ; 100 on every Linux this runs on. */
    public static final int TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** User plus system time of the process so far, 0 when it is gone. */
    public static long ticks(long pid) {
        return statTicks(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** Each thread group's user plus system time so far, by thread name with digits dropped. */
    public static Map<String, Long> threadGroups(long pid) {
        Map<String, Long> groups = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", "#");
                    groups.merge(name, statTicks(task.resolve("stat")), Long::sum);
                } catch (IOException threadEnded) {
                    // gone between listing and reading
                }
            }
        } catch (IOException e) {
            return groups;
        }
        return groups;
    }

    /** The machine's busy and total ticks, summed over all CPUs: {busy, total}. */
    public static long[] machine() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new long[] {total - idle, total};
        } catch (IOException e) {
            return new long[] {0, 0};
        }
    }

    /** utime and stime are fields 14 and 15; the name before them may hold spaces, so count from its ')'. */
    private static long statTicks(Path stat) {
        try {
            String line = Files.readString(stat);
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
