package io.flashorders.core.store;

/** The order store could not be reached or refused the call; what was asked may or may not have happened. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
