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

    /** One thread's name (digits dropped, so that the threads of one pool share it) and CPU so far. */
    public record ThreadTicks(String group, long ticks) {
    }

    /** Each live thread's CPU so far, by thread id. */
    public static Map<String, ThreadTicks> threads(long pid) {
        Map<String, ThreadTicks> threads = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", "#");
                    threads.put(task.getFileName().toString(), new ThreadTicks(name, statTicks(task.resolve("stat"))));
                } catch (IOException threadEnded) {
                    // gone between listing and reading
                }
            }
        } catch (IOException e) {
            return threads;
        }
        return threads;
    }

    /**
     * CPU seconds by thread group between two readings, thread by thread: a thread that started meanwhile counts whole;
     * one that ended meanwhile is missing (its time is only in the process's total).
     */
    public static Map<String, Double> groupDelta(Map<String, ThreadTicks> before, Map<String, ThreadTicks> after) {
        Map<String, Double> groups = new HashMap<>();
        after.forEach((tid, now) -> {
            ThreadTicks then = before.get(tid);
            long ticks = now.ticks() - (then == null ? 0 : then.ticks());
            if (ticks > 0) {
                groups.merge(now.group(), ticks / (double) TICKS_PER_SECOND, Double::sum);
            }
        });
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
