package io.lookout.query;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A keyset position in a sorted list: the sort value and id of the last row served. Opaque to
 * clients (base64url); a cursor that does not decode is a 400.
 */
record Cursor(String sort, double value, long id) {

    String encode() {
        String plain = sort + "|" + value + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String text, String expectedSort) throws Problem {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 3 || !parts[0].equals(expectedSort)) {
                throw Problem.invalid("cursor", ProblemCode.CURSOR_OF_OTHER_LIST, expectedSort);
            }
            return new Cursor(parts[0], Double.parseDouble(parts[1]), Long.parseLong(parts[2]));
        } catch (IllegalArgumentException e) {
            throw Problem.invalid("cursor", ProblemCode.CURSOR_UNKNOWN);
        }
    }
}
