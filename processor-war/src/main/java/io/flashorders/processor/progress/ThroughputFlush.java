package io.flashorders.processor.progress;

import io.flashorders.core.progress.ThroughputRecorder;
import io.flashorders.core.store.ThroughputLog;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every couple of seconds, adds this processor's completed payments to the shared throughput log, from which the order
 * API measures the processing rate for its estimates: one write per bucket per processor, whatever the order rate.
 */
@ApplicationScoped
public class ThroughputFlush {

    private static final Logger LOG = Logger.getLogger(ThroughputFlush.class.getName());
    private static final long EVERY_MILLIS = 2000;

    @Inject
    ThroughputRecorder recorder;

    @Inject
    ThroughputLog log;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> schedule;
    private volatile boolean failing;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        schedule = scheduler.scheduleWithFixedDelay(this::flush, EVERY_MILLIS, EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    void flush() {
        try {
            recorder.flushTo(log);
            failing = false;
        } catch (RuntimeException e) {
            // The counts are kept for the next flush; logged once per outage.
            LOG.log(failing ? Level.FINE : Level.WARNING, "completions not added to the throughput log: " + e.getMessage(), e);
            failing = true;
        }
    }

    @PreDestroy
    void stop() {
        if (schedule != null) {
            schedule.cancel(false);
        }
        flush();
    }
}
