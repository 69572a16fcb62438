package io.flashorders.local;

import java.net.URI;

/**
 * A stand-in for a cloud service, running in this JVM on loopback. {@link LocalServices} starts a list of them and
 * names each one in its ready line as {@code name()=endpoint()}.
 */
public interface LocalService extends AutoCloseable {

    /** Short name used in the ready line, e.g. {@code sqs}. */
    String name();

    /** Where an SDK client's endpoint override should point. */
    URI endpoint();

    /** Stops the service and frees its port. Idempotent. */
    @Override
    void close();
}
