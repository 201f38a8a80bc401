package io.lookout.api;

import io.lookout.JsonFactories;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Every error of the API has one shape: {@code {"error": "...", "field": "..."}} (API.md). */
public final class ApiErrors {

    /** The challenge sent with 401 to callers that must sign in. */
    public static final String BASIC_CHALLENGE = "Basic realm=\"Lookout\", charset=\"UTF-8\"";

    private ApiErrors() {}

    public static Response error(int status, String message, String field) {
        JsonObjectBuilder body = JsonFactories.BUILDERS.createObjectBuilder().add("error", message);
        if (field != null) {
            body.add("field", field);
        }
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body.build().toString())
                .build();
    }

    public static Response unauthorized(String message) {
        return Response.fromResponse(error(401, message, null))
                .header(HttpHeaders.WWW_AUTHENTICATE, BASIC_CHALLENGE)
                .build();
    }
}
