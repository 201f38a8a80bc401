package io.lookout.api;

import io.lookout.Problem;
import io.lookout.ProblemCode;

/**
 * Query parameters read by the resources themselves: JAX-RS answers a parameter it cannot convert
 * with 404 (the spec's rule for query parameters), which tells a caller nothing; this says which
 * parameter is wrong, with 400.
 */
public final class QueryParams {

    private QueryParams() {}

    /** The whole number in {@code text}, {@code null} when absent, a 400 naming {@code name} otherwise. */
    public static Integer integer(String text, String name) throws Problem {
        if (text == null) {
            return null;
        }
        if (!text.matches("-?[0-9]{1,9}")) {
            throw Problem.invalid(
                    name, ProblemCode.WHOLE_NUMBER, text.length() > 40 ? text.substring(0, 40) + "…" : text);
        }
        return Integer.valueOf(text);
    }
}
