package io.flashorders.core.concurrent;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A number of permits that can change while some are held. Grown, the new permits can be taken at once; cut, the
 * permits held are not disturbed, and none is handed out until enough have come back for the smaller number to hold
 * (the count of free permits goes negative meanwhile). The payment gate and the processor's worker pool both size
 * themselves with it.
 */
public final class ResizablePermits {

    private final Free free;
    private volatile int size;

    /** @param fair whether waiters are served first come, first served */
    public ResizablePermits(int size, boolean fair) {
        this.free = new Free(size, fair);
        this.size = size;
    }

    public boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
        return free.tryAcquire(timeout, unit);
    }

    /** Waits up to the timeout for all {@link #size()} permits, as they stand when the call begins. */
    public boolean tryAcquireAll(long timeout, TimeUnit unit) throws InterruptedException {
        int all = size;
        if (free.tryAcquire(all, timeout, unit)) {
            free.release(all);
            return true;
        }
        return false;
    }

    public void release() {
        free.release();
    }

    public synchronized void resize(int newSize) {
        int change = newSize - size;
        if (change > 0) {
            free.release(change);
        } else if (change < 0) {
            free.cut(-change);
        }
        size = newSize;
    }

    public int size() {
        return size;
    }

    /** Permits held right now; more than {@link #size()} for a while after a cut. */
    public int held() {
        return size - free.availablePermits();
    }

    private static final class Free extends Semaphore {

        Free(int permits, boolean fair) {
            super(permits, fair);
        }

        void cut(int reduction) {
            reducePermits(reduction);
        }
    }
}
