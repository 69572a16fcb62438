package io.flashorders.core.json;

import java.util.List;

/** A submission that cannot become an order. {@link #code()} says which kind of fault, the problems say where. */
public final class InvalidOrderException extends RuntimeException {

    public static final String MALFORMED_JSON = "malformed_json";
    public static final String INVALID_ORDER = "invalid_order";

    private final String code;
    private final List<Problem> problems;

    public InvalidOrderException(String code, List<Problem> problems) {
        super(summary(problems));
        this.code = code;
        this.problems = List.copyOf(problems);
    }

    public String code() {
        return code;
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String summary(List<Problem> problems) {
        StringBuilder text = new StringBuilder();
        for (Problem p : problems) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(p.field()).append(' ').append(p.problem());
        }
        return text.toString();
    }
}
