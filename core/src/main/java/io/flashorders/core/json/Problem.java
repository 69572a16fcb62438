package io.flashorders.core.json;

/** One thing wrong with a submitted order: the field (a JSON path such as {@code items[1].price}) and why. */
public record Problem(String field, String problem) {
}
