package io.lookout.api.sentry;

import io.lookout.JsonFactories;
import io.lookout.api.ApiErrors;
import io.lookout.api.BodyDecoder;
import io.lookout.event.IngestException;
import io.lookout.event.Patterns;
import io.lookout.ingest.Ingestion;
import io.lookout.ingest.RateLimitedException;
import io.lookout.ingest.sentry.SentryEvents;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Sentry SDKs' endpoints: {@code POST /api/{projectId}/envelope/} and {@code POST /api/{projectId}/store/}.
 * Events are mapped onto native events ({@link SentryEvents}) and go through the same edge as
 * {@code /events} ({@link Ingestion}): key, validation, rate limit, the queue.
 *
 * <p>Answers: {@code 200 {"id": "..."}} (the SDKs treat anything else as a failure and drop the
 * event); {@code 403} no key or a wrong one; {@code 404} no such project; {@code 400} a broken
 * envelope, an event that is not JSON or that Lookout rejects; {@code 413} over a size limit;
 * {@code 415} an unknown {@code Content-Encoding}; {@code 429} with {@code Retry-After} and
 * {@code X-Sentry-Rate-Limits} when the key's rate limit or the project's quota is exceeded.
 */
@Path("{projectId}")
@Produces(MediaType.APPLICATION_JSON)
public class SentryResource {

    private static final Logger LOG = Logger.getLogger(SentryResource.class.getName());
    /** The item types that hold an event Lookout stores; every other type is skipped. */
    private static final Set<String> EVENT_ITEMS = Set.of("event");

    private static final String BAD_EVENT_ID = "must be 32 hexadecimal characters or a UUID with dashes";

    @Inject
    private Ingestion ingestion;

    @Inject
    @ConfigProperty(name = "lookout.ingest.sentry.max-envelope-bytes", defaultValue = "20971520")
    private long maxEnvelopeBytes;

    /** A problem that ends the request with this answer. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Response response;

        Refused(Response response) {
            super(null, null, false, false);
            this.response = response;
        }
    }

    @POST
    @Path("envelope{slash: /?}")
    @Consumes(MediaType.WILDCARD)
    public Response envelope(
            @PathParam("projectId") String projectId,
            @HeaderParam("X-Sentry-Auth") String sentryAuth,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("sentry_key") String queryKey,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
            InputStream body) {
        try {
            refuseLargerThan(contentLength, maxEnvelopeBytes, "lookout.ingest.sentry.max-envelope-bytes");
            int maxEvent = ingestion.maxBodyBytes();
            EnvelopeReader reader = new EnvelopeReader(
                    new BufferedInputStream(BodyDecoder.decode(body, contentEncoding, maxEnvelopeBytes), 16384),
                    EVENT_ITEMS::contains,
                    maxEvent);
            JsonObject header = reader.header();
            String envelopeEventId = text(header.get("event_id"));
            String key = SentryAuth.key(sentryAuth, authorization, queryKey, text(header.get("dsn")));
            authenticate(projectId, key);
            if (!SentryEvents.validEventId(header.get("event_id"))) {
                return ApiErrors.error(400, "the envelope header's event_id " + BAD_EVENT_ID, "event_id");
            }

            List<JsonObject> events = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            boolean tooLarge = false;
            for (EnvelopeReader.Item item = reader.next(); item != null; item = reader.next()) {
                if (!EVENT_ITEMS.contains(item.type())) {
                    continue;
                }
                String where = "item " + item.index() + " (" + item.type() + ")";
                if (item.tooLarge()) {
                    tooLarge = true;
                    skipped.add(where + " is larger than " + maxEvent + " bytes (lookout.ingest.max-body-bytes)");
                    continue;
                }
                StringBuilder problem = new StringBuilder();
                JsonObject event = EnvelopeReader.payloadObject(item.payload(), problem);
                if (event == null) {
                    skipped.add(where + " " + problem);
                } else if (!SentryEvents.validEventId(event.get("event_id"))) {
                    skipped.add(where + ": event_id " + BAD_EVENT_ID);
                } else {
                    events.add(SentryEvents.toNative(event, envelopeEventId));
                }
            }
            if (events.isEmpty() && !skipped.isEmpty()) {
                return ApiErrors.error(tooLarge && skipped.size() == 1 ? 413 : 400, String.join("; ", skipped), null);
            }
            if (!skipped.isEmpty()) {
                LOG.warning(() -> "Lookout skipped envelope items for project " + projectId + ": " + skipped);
            }
            JsonObjectBuilder answer = JsonFactories.BUILDERS.createObjectBuilder();
            if (events.isEmpty()) {
                if (envelopeEventId != null) {
                    answer.add("id", Patterns.eventId(envelopeEventId));
                }
            } else {
                JsonArrayBuilder array = JsonFactories.BUILDERS.createArrayBuilder();
                events.forEach(array::add);
                List<String> ids = accept(projectId, key, array.build());
                answer.add("id", ids.get(0));
            }
            if (!skipped.isEmpty()) {
                JsonArrayBuilder notes = JsonFactories.BUILDERS.createArrayBuilder();
                skipped.forEach(notes::add);
                answer.add("skipped", notes);
            }
            return Response.ok(answer.build().toString()).build();
        } catch (Refused e) {
            return e.response;
        } catch (EnvelopeReader.EnvelopeException e) {
            return ApiErrors.error(400, e.getMessage(), null);
        } catch (IOException e) {
            return ioProblem(e);
        }
    }

    @POST
    @Path("store{slash: /?}")
    @Consumes(MediaType.WILDCARD)
    public Response store(
            @PathParam("projectId") String projectId,
            @HeaderParam("X-Sentry-Auth") String sentryAuth,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("sentry_key") String queryKey,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
            InputStream body) {
        try {
            String key = SentryAuth.key(sentryAuth, authorization, queryKey, null);
            authenticate(projectId, key);
            int limit = ingestion.maxBodyBytes();
            refuseLargerThan(contentLength, limit, "lookout.ingest.max-body-bytes");
            byte[] bytes;
            try (InputStream decoded = BodyDecoder.decode(body, contentEncoding, limit)) {
                bytes = decoded.readAllBytes();
            }
            StringBuilder problem = new StringBuilder();
            JsonObject event = EnvelopeReader.payloadObject(bytes, problem);
            if (event == null) {
                return ApiErrors.error(400, "the event " + problem, null);
            }
            if (!SentryEvents.validEventId(event.get("event_id"))) {
                return ApiErrors.error(400, "event_id " + BAD_EVENT_ID, "event_id");
            }
            List<String> ids = accept(projectId, key, SentryEvents.toNative(event, null));
            return Response.ok(JsonFactories.BUILDERS
                            .createObjectBuilder()
                            .add("id", ids.get(0))
                            .build()
                            .toString())
                    .build();
        } catch (Refused e) {
            return e.response;
        } catch (IOException e) {
            return ioProblem(e);
        }
    }

    private void authenticate(String projectId, String key) throws Refused {
        if (key == null) {
            throw new Refused(ApiErrors.error(
                    403,
                    "missing project key: send X-Sentry-Auth: Sentry sentry_key={public key},"
                            + " the sentry_key query parameter, or a dsn in the envelope header",
                    null));
        }
        try {
            ingestion.authenticate(projectId, key);
        } catch (IngestException e) {
            throw new Refused(answer(e));
        }
    }

    private List<String> accept(String projectId, String key, JsonValue events) throws Refused {
        try {
            return ingestion.accept(projectId, key, events);
        } catch (IngestException e) {
            throw new Refused(answer(e));
        }
    }

    /** The edge's refusal in the Sentry flavour: a bad key is 403, a rate limit also tells the SDK how long to wait. */
    private static Response answer(IngestException e) {
        int status = e.status() == 401 ? 403 : e.status();
        Response error = ApiErrors.error(status, e.describe(), e.field());
        if (e instanceof RateLimitedException limited) {
            String seconds = Long.toString(limited.retryAfterSeconds());
            return Response.fromResponse(error)
                    .header("Retry-After", seconds)
                    // all categories, for the key or the project (the Sentry SDKs stop sending for that long)
                    .header("X-Sentry-Rate-Limits", limited.sentryRateLimits())
                    .build();
        }
        return error;
    }

    private static void refuseLargerThan(String contentLength, long limit, String key) throws Refused {
        if (contentLength != null
                && !contentLength.isEmpty()
                && contentLength.length() < 19
                && contentLength.chars().allMatch(Character::isDigit)
                && Long.parseLong(contentLength) > limit) {
            // the body is not read: the connection closes after the answer instead of draining it
            throw new Refused(Response.fromResponse(
                            ApiErrors.error(413, "the body is larger than " + limit + " bytes (" + key + ")", null))
                    .header("Connection", "close")
                    .build());
        }
    }

    private static Response ioProblem(IOException e) {
        if (e instanceof BodyDecoder.TooLarge) {
            return Response.fromResponse(ApiErrors.error(413, e.getMessage(), null))
                    .header("Connection", "close")
                    .build();
        }
        if (e instanceof BodyDecoder.Unsupported) {
            return ApiErrors.error(415, e.getMessage(), null);
        }
        if (e instanceof BodyDecoder.NotEncoded) {
            return ApiErrors.error(400, e.getMessage(), null);
        }
        throw new java.io.UncheckedIOException(e);
    }

    private static String text(JsonValue value) {
        return value instanceof JsonString string ? string.getString() : null;
    }
}
