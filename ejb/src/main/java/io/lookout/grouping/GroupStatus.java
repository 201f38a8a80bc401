package io.lookout.grouping;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import jakarta.json.bind.annotation.JsonbTypeSerializer;
import jakarta.json.bind.serializer.JsonbSerializer;
import jakarta.json.bind.serializer.SerializationContext;
import jakarta.json.stream.JsonGenerator;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A group's status. A new event on a resolved group reopens it (a regression); ignored groups are
 * left out of lists and the dashboard unless asked for.
 *
 * <p>The wire name ({@code unresolved}, {@code resolved}, {@code ignored}) is what the database's
 * {@code event_group.status} column, the API, the query language ({@code is:resolved}) and the
 * message keys ({@code status.resolved}) use.
 */
@JsonbTypeSerializer(GroupStatus.Json.class)
@Schema(enumeration = {"unresolved", "resolved", "ignored"})
public enum GroupStatus {
    UNRESOLVED("unresolved"),
    RESOLVED("resolved"),
    IGNORED("ignored");

    private static final GroupStatus[] ALL = values();

    private final String wireName;

    GroupStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the database, the API and the query language. */
    public String wireName() {
        return wireName;
    }

    /** The wire name as an SQL literal ({@code 'ignored'}), for statements written in this code base. */
    public String sql() {
        return "'" + wireName + "'";
    }

    /** The status of a wire name; empty when it names none. */
    public static Optional<GroupStatus> byWireName(String text) {
        for (GroupStatus status : ALL) {
            if (status.wireName.equals(text)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    /**
     * A status sent by a client.
     *
     * @throws Problem 400 naming {@code status} when the text is not a status
     */
    public static GroupStatus parse(String text) throws Problem {
        Optional<GroupStatus> status = byWireName(text);
        if (status.isEmpty()) {
            throw Problem.invalid("status", ProblemCode.ONE_OF, String.join(", ", wireNames()));
        }
        return status.get();
    }

    /** A value of the {@code status} column. */
    public static GroupStatus ofColumn(Object value) {
        return byWireName((String) value).orElseThrow(() -> new IllegalStateException("unknown group status " + value));
    }

    /** The wire names, in declaration order: unresolved, resolved, ignored. */
    public static List<String> wireNames() {
        return Arrays.stream(ALL).map(GroupStatus::wireName).toList();
    }

    /** JSON-B writes the wire name, not the constant's name. */
    public static class Json implements JsonbSerializer<GroupStatus> {

        @Override
        public void serialize(GroupStatus status, JsonGenerator generator, SerializationContext context) {
            generator.write(status.wireName);
        }
    }
}
