package io.flashorders.core.testing;

import io.flashorders.core.publish.OrderPublisher;
import io.flashorders.core.publish.PublishException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A publisher that keeps what it was given, and refuses everything while {@link #failing} is set. Thread-safe. */
public final class RecordingPublisher implements OrderPublisher {

    /** One message: the id it was published under and its body. */
    public record Published(String orderId, String body) {
    }

    private final List<Published> published = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

    public void failing(boolean refuse) {
        this.failing = refuse;
    }

    public List<Published> published() {
        return List.copyOf(published);
    }

    @Override
    public void publish(String orderId, String orderJson) throws PublishException {
        if (failing) {
            throw new PublishException("queue refused order " + orderId, new IllegalStateException("down"));
        }
        published.add(new Published(orderId, orderJson));
    }

    @Override
    public boolean reachable() {
        return !failing;
    }

    @Override
    public String destination() {
        return "recording";
    }
}
