package io.lookout.api.events;

import io.lookout.JsonFactories;
import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.api.ApiErrors;
import io.lookout.api.BodyDecoder;
import io.lookout.api.QueryParams;
import io.lookout.event.IngestException;
import io.lookout.event.Patterns;
import io.lookout.ingest.Ingestion;
import io.lookout.ingest.RateLimitedException;
import io.lookout.project.Projects;
import io.lookout.query.EventDetail;
import io.lookout.query.EventList;
import io.lookout.query.EventQueries;
import io.lookout.query.Search;
import io.lookout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** {@code /api/{projectId}/events}: send events (project key), read them back (users). */
@Path("{projectId}/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {

    @Inject
    private Ingestion ingestion;

    @Inject
    private EventQueries queries;

    @Inject
    private Search search;

    /**
     * Accepts one event or an array, as sent or with {@code Content-Encoding: gzip} or {@code deflate};
     * answers {@code 202 {"ids": [...]}} once they are durably on the queue. Nothing is enqueued when
     * any event is invalid.
     */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response send(
            @PathParam("projectId") String projectId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
            InputStream body)
            throws IOException {
        int limit = ingestion.maxBodyBytes();
        if (contentLength != null
                && contentLength.chars().allMatch(Character::isDigit)
                && !contentLength.isEmpty()
                && Long.parseLong(contentLength) > limit) {
            return tooLarge("the body is larger than " + limit + " bytes");
        }
        byte[] bytes;
        try (InputStream decoded = BodyDecoder.decode(body, contentEncoding, limit)) {
            bytes = decoded.readAllBytes();
        } catch (BodyDecoder.TooLarge e) {
            return tooLarge(e.getMessage());
        } catch (BodyDecoder.Unsupported e) {
            ingestion.rejected(415);
            return ApiErrors.error(415, e.getMessage(), null);
        } catch (BodyDecoder.NotEncoded e) {
            ingestion.rejected(400);
            return ApiErrors.error(400, e.getMessage(), null);
        }
        try {
            List<String> ids = ingestion.accept(projectId, bearer(authorization), utf8(bytes));
            JsonArrayBuilder array = JsonFactories.BUILDERS.createArrayBuilder();
            ids.forEach(array::add);
            return Response.accepted(JsonFactories.BUILDERS
                            .createObjectBuilder()
                            .add("ids", array)
                            .build()
                            .toString())
                    .build();
        } catch (IngestException e) {
            Response error = ApiErrors.error(e.status(), e.describe(), e.field());
            if (e instanceof RateLimitedException limited) {
                return Response.fromResponse(error)
                        .header("Retry-After", limited.retryAfterSeconds())
                        .header("X-Sentry-Rate-Limits", limited.sentryRateLimits())
                        .build();
            }
            return e.status() == 401
                    ? Response.fromResponse(error)
                            .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"Lookout\"")
                            .build()
                    : error;
        }
    }

    /** Events matching the query, newest first, {@code limit} at a time from {@code cursor}. */
    @GET
    @SecurityRequirement(name = "token")
    @SecurityRequirement(name = "basic")
    @RolesAllowed({Roles.ADMIN, Roles.MEMBER})
    public EventList list(
            @PathParam("projectId") String projectId,
            @QueryParam("query") String query,
            @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit)
            throws Problem {
        long project = Projects.require(projectId);
        return search.events(project, query, cursor, QueryParams.integer(limit, "limit"));
    }

    @GET
    @SecurityRequirement(name = "token")
    @SecurityRequirement(name = "basic")
    @Path("{eventId}")
    @RolesAllowed({Roles.ADMIN, Roles.MEMBER})
    public EventDetail event(@PathParam("projectId") String projectId, @PathParam("eventId") String eventId)
            throws Problem {
        String id = eventId.replace("-", "").toLowerCase(Locale.ROOT);
        return Projects.parseId(projectId)
                .filter(project -> Patterns.eventId(id) != null)
                .flatMap(project -> queries.event(project, id))
                .orElseThrow(() -> Problem.notFound(ProblemCode.NO_EVENT, eventId, projectId));
    }

    /** The rest of the body is not read: the connection closes after the answer instead of draining it. */
    private Response tooLarge(String message) {
        ingestion.rejected(413);
        return Response.fromResponse(ApiErrors.error(413, message + " (lookout.ingest.max-body-bytes)", null))
                .header("Connection", "close")
                .build();
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    private static String utf8(byte[] bytes) throws IngestException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw IngestException.invalid(null, "the body is not UTF-8");
        }
    }
}
