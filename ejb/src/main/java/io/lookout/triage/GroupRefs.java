package io.lookout.triage;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The groups a merge names: ids, or links to groups as the pages and the API write them
 * ({@code .../group.xhtml?project=1&id=12}, {@code .../api/1/groups/12}), in the order given (the
 * first is the group the others are merged into).
 */
public final class GroupRefs {

    /** At most this many groups in one merge. */
    public static final int MAX = 100;

    static final String FIELD = "groups";

    private static final Pattern ID = Pattern.compile("\\d{1,18}");
    private static final Pattern PAGE_LINK = Pattern.compile("[?&]id=(\\d{1,18})(?:&|#|$)");
    private static final Pattern API_LINK = Pattern.compile("/groups/(\\d{1,18})(?:[/?#]|$)");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s,;]+");

    private GroupRefs() {}

    /** The ids of {@code {"groups": [...]}}'s array of numbers, or strings holding ids or links. */
    public static List<Long> of(JsonValue groups) throws Problem {
        if (groups == null || groups.getValueType() != JsonValue.ValueType.ARRAY) {
            throw invalidList();
        }
        List<String> refs = new ArrayList<>();
        for (JsonValue value : (JsonArray) groups) {
            if (value instanceof JsonNumber number && number.isIntegral()) {
                refs.add(number.bigIntegerValue().toString());
            } else if (value instanceof JsonString text) {
                refs.add(text.getString().trim());
            } else {
                throw Problem.invalid(FIELD, ProblemCode.GROUP_REF, value.toString());
            }
        }
        return ids(refs);
    }

    /** The ids of a text of ids or links separated by spaces, commas or semicolons (the group page's field). */
    public static List<Long> parse(String text) throws Problem {
        List<String> refs = new ArrayList<>();
        for (String ref : SEPARATORS.split(text == null ? "" : text.trim())) {
            if (!ref.isEmpty()) {
                refs.add(ref);
            }
        }
        return ids(refs);
    }

    private static List<Long> ids(List<String> refs) throws Problem {
        if (refs.size() > MAX) {
            throw invalidList();
        }
        Set<Long> ids = new LinkedHashSet<>();
        for (String ref : refs) {
            long id = id(ref);
            if (!ids.add(id)) {
                throw Problem.invalid(FIELD, ProblemCode.MERGE_REPEATED, id);
            }
        }
        if (ids.size() < 2) {
            throw invalidList();
        }
        return List.copyOf(ids);
    }

    static long id(String ref) throws Problem {
        if (ID.matcher(ref).matches()) {
            return Long.parseLong(ref);
        }
        for (Pattern link : List.of(PAGE_LINK, API_LINK)) {
            Matcher m = link.matcher(ref);
            if (ref.contains("/") && m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        throw Problem.invalid(FIELD, ProblemCode.GROUP_REF, ref);
    }

    private static Problem invalidList() {
        return Problem.invalid(FIELD, ProblemCode.MERGE_GROUPS, MAX);
    }
}
