package io.lookout.regroup;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;

/**
 * A request to regroup a project's past events ({@code POST /api/admin/projects/{id}/regroup}, the
 * administration page): the events of the last {@code days} days. Built by {@link #of(JsonObject)}
 * from a request body or by {@link #of(Integer)} from a form, both with the same 400.
 *
 * @param days 1 to {@link #MAX_DAYS}
 */
public record RegroupRequest(int days) {

    public static final int DEFAULT_DAYS = 7;
    public static final int MAX_DAYS = 365;

    /** {@code {"days": 7}}; without {@code days}, the last {@link #DEFAULT_DAYS} days. */
    public static RegroupRequest of(JsonObject body) throws Problem {
        for (String key : body.keySet()) {
            if (!"days".equals(key)) {
                throw Problem.invalid(key, ProblemCode.UNKNOWN_FIELD, "days");
            }
        }
        JsonValue days = body.get("days");
        if (days == null || days.getValueType() == JsonValue.ValueType.NULL) {
            return new RegroupRequest(DEFAULT_DAYS);
        }
        if (!(days instanceof JsonNumber number)
                || !number.isIntegral()
                || number.bigDecimalValue().compareTo(BigDecimal.ONE) < 0
                || number.bigDecimalValue().compareTo(BigDecimal.valueOf(MAX_DAYS)) > 0) {
            throw outOfRange();
        }
        return new RegroupRequest(number.intValue());
    }

    /** The days of a form's field; null (left empty) is refused as the API refuses a wrong number. */
    public static RegroupRequest of(Integer days) throws Problem {
        if (days == null || days < 1 || days > MAX_DAYS) {
            throw outOfRange();
        }
        return new RegroupRequest(days);
    }

    private static Problem outOfRange() {
        return Problem.invalid("days", ProblemCode.WHOLE_NUMBER_RANGE, 1, MAX_DAYS);
    }
}
