package io.flashorders.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The test server's process, for the faults an operator or a platform inflicts: kill -9, a graceful stop, a start. */
public final class LibertyServer {

    private static final Path WLP = Path.of(System.getProperty("it.liberty.dir"));
    private static final String NAME = System.getProperty("it.server.name");

    private LibertyServer() {
    }

    /** SIGKILL, as a crashed host or an OOM killer would: nothing in the server gets to run. */
    public static void kill() {
        ProcessHandle server = process().orElseThrow(() -> new IllegalStateException("no running process of server " + NAME));
        server.destroyForcibly();
        server.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    }

    public static boolean isRunning() {
        return process().isPresent();
    }

    /** {@code server stop}: what SIGTERM or an ECS task draining does; returns once the server has stopped. */
    public static void stop() {
        run("stop");
    }

    /** {@code server start}, with the server's own server.env; returns once the server is launched, not ready. */
    public static void start() {
        run("start");
    }

    private static void run(String action) {
        File log = WLP.resolve("usr/servers/" + NAME + "/logs/fault-suite-" + action + ".log").toFile();
        log.getParentFile().mkdirs();
        try {
            Process process = new ProcessBuilder(WLP.resolve("bin/server").toString(), action, NAME)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
            if (!process.waitFor(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("server " + action + " " + NAME + " did not finish in 2 minutes; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("server " + action + " " + NAME + " exited with " + process.exitValue() + "; see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * This build's server, found by the pid file Liberty keeps in its user directory: other builds on the machine run a
     * server of the same name from their own directories, and those are not this test's to kill.
     */
    private static Optional<ProcessHandle> process() {
        Path pidFile = WLP.resolve("usr/servers/.pid/" + NAME + ".pid");
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
