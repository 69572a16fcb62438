package io.flashorders.core.sale;

/** The inventory store could not be reached or did not answer in time: nothing is known to have been decided. */
public final class InventoryUnavailableException extends RuntimeException {

    public InventoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
