package io.flashorders.core.publish;

/** The order could not be queued; it was not accepted. */
public final class PublishException extends Exception {

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
