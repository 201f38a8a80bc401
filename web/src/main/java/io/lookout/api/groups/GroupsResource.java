package io.lookout.api.groups;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.api.JsonBodies;
import io.lookout.api.QueryParams;
import io.lookout.grouping.GroupStatus;
import io.lookout.project.Projects;
import io.lookout.query.GroupDetail;
import io.lookout.query.GroupDetails;
import io.lookout.query.GroupList;
import io.lookout.query.GroupMergedInto;
import io.lookout.query.Search;
import io.lookout.security.Roles;
import io.lookout.triage.GroupActivity;
import io.lookout.triage.GroupRefs;
import io.lookout.triage.Merges;
import io.lookout.triage.Triage;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** {@code /api/{projectId}/groups}: the aggregates events form, and their status. */
@Path("{projectId}/groups")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.MEMBER})
@SecurityRequirement(name = "token")
@SecurityRequirement(name = "basic")
public class GroupsResource {

    @Inject
    private Search search;

    @Inject
    private GroupDetails details;

    @Inject
    private Merges merges;

    @Inject
    private Triage triage;

    /** Groups (or a view's groups) matching the query, by score, last seen, first seen or count. */
    @GET
    public GroupList list(
            @PathParam("projectId") String projectId,
            @QueryParam("view") String view,
            @QueryParam("query") String query,
            @QueryParam("sort") String sort,
            @QueryParam("status") String status,
            @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit)
            throws Problem {
        return search.groups(
                project(projectId),
                view,
                query,
                sort,
                status == null ? null : GroupStatus.parse(status),
                cursor,
                QueryParams.integer(limit, "limit"));
    }

    /**
     * The group in full. A group merged into another answers {@code 308 Permanent Redirect} with the
     * other group's address in {@code Location} and {@code {"mergedInto": id}}.
     */
    @GET
    @Path("{groupId}")
    @APIResponse(
            responseCode = "200",
            description = "the group",
            content = @Content(schema = @Schema(implementation = GroupDetail.class)))
    @APIResponse(
            responseCode = "308",
            description = "the group was merged into another: Location and {\"mergedInto\": id} name it")
    public Response group(
            @PathParam("projectId") String projectId, @PathParam("groupId") String groupId, @Context UriInfo uri)
            throws Problem {
        long project = project(projectId);
        try {
            return Response.ok(details.detail(project, id(groupId, projectId))).build();
        } catch (GroupMergedInto merged) {
            return Response.status(308)
                    .location(uri.getBaseUriBuilder()
                            .path(Long.toString(project))
                            .path("groups")
                            .path(Long.toString(merged.mergedInto()))
                            .build())
                    .entity(Json.createObjectBuilder()
                            .add("mergedInto", merged.mergedInto())
                            .build())
                    .build();
        }
    }

    /**
     * {@code {"groups": [id or link, ...]}}: merges groups of one type into the first one given
     * (docs/grouping.md); answers the merged group as {@code GET} does.
     */
    @POST
    @Path("merge")
    @Consumes(MediaType.WILDCARD)
    public GroupDetail merge(@PathParam("projectId") String projectId, String body) throws Problem {
        long project = project(projectId);
        JsonObject json = JsonBodies.object(body);
        for (String field : json.keySet()) {
            if (!"groups".equals(field)) {
                throw Problem.invalid(field, ProblemCode.UNKNOWN_FIELD, "groups");
            }
        }
        long merged = merges.merge(project, GroupRefs.of(json.get("groups")));
        return details.detail(project, merged);
    }

    /** Splits the groups merged into this one off again; answers this group as {@code GET} does. */
    @POST
    @Path("{groupId}/split")
    @Consumes(MediaType.WILDCARD)
    public GroupDetail split(@PathParam("projectId") String projectId, @PathParam("groupId") String groupId)
            throws Problem {
        long project = project(projectId);
        long group = id(groupId, projectId);
        merges.split(project, group);
        return details.detail(project, group);
    }

    /** {@code {"activity": [...]}}: the group's history, newest first (at most {@code limit}, default 100). */
    @GET
    @Path("{groupId}/activity")
    public JsonObject activity(
            @PathParam("projectId") String projectId,
            @PathParam("groupId") String groupId,
            @QueryParam("limit") String limit)
            throws Problem {
        Integer max = QueryParams.integer(limit, "limit");
        if (max != null && (max < 1 || max > 1000)) {
            throw Problem.invalid("limit", ProblemCode.WHOLE_NUMBER_RANGE, 1, 1000);
        }
        List<GroupActivity> entries =
                merges.activity(project(projectId), id(groupId, projectId), max == null ? 100 : max);
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (GroupActivity entry : entries) {
            array.add(json(entry));
        }
        return Json.createObjectBuilder().add("activity", array).build();
    }

    /**
     * {@code {"comment": "Markdown"}}: comments on the group; answers {@code 201} with the new entry
     * (its {@code html} the Markdown rendered safely) and its address in {@code Location}.
     */
    @POST
    @Path("{groupId}/activity")
    @Consumes(MediaType.WILDCARD)
    @APIResponse(responseCode = "201", description = "the comment, as an entry of the activity")
    public Response comment(
            @PathParam("projectId") String projectId,
            @PathParam("groupId") String groupId,
            String body,
            @Context UriInfo uri)
            throws Problem {
        long project = project(projectId);
        long group = id(groupId, projectId);
        JsonObject json = JsonBodies.object(body);
        for (String field : json.keySet()) {
            if (!"comment".equals(field)) {
                throw Problem.invalid(field, ProblemCode.UNKNOWN_FIELD, "comment");
            }
        }
        JsonValue text = json.get("comment");
        if (text != null && text.getValueType() != JsonValue.ValueType.STRING) {
            throw Problem.invalid("comment", ProblemCode.NOT_A_STRING);
        }
        GroupActivity entry =
                triage.comment(project, group, text == null ? null : ((jakarta.json.JsonString) text).getString());
        return Response.created(uri.getAbsolutePathBuilder()
                        .path(Long.toString(entry.id()))
                        .build())
                .entity(json(entry))
                .build();
    }

    /** Deletes a comment of the caller's (an admin: anyone's); {@code 204}. */
    @DELETE
    @Path("{groupId}/activity/{entryId}")
    public Response deleteComment(
            @PathParam("projectId") String projectId,
            @PathParam("groupId") String groupId,
            @PathParam("entryId") String entryId)
            throws Problem {
        long project = project(projectId);
        long group = id(groupId, projectId);
        long entry =
                Projects.parseId(entryId).orElseThrow(() -> Problem.notFound(ProblemCode.NO_COMMENT, entryId, groupId));
        triage.deleteComment(project, group, entry);
        return Response.noContent().build();
    }

    /** Stars the group for the caller ({@code is:bookmarked}); {@code 204}, also when it was starred. */
    @PUT
    @Path("{groupId}/bookmark")
    @Consumes(MediaType.WILDCARD)
    public Response bookmark(@PathParam("projectId") String projectId, @PathParam("groupId") String groupId)
            throws Problem {
        triage.bookmark(project(projectId), id(groupId, projectId), true);
        return Response.noContent().build();
    }

    /** Removes the caller's star; {@code 204}, also when there was none. */
    @DELETE
    @Path("{groupId}/bookmark")
    public Response unbookmark(@PathParam("projectId") String projectId, @PathParam("groupId") String groupId)
            throws Problem {
        triage.bookmark(project(projectId), id(groupId, projectId), false);
        return Response.noContent().build();
    }

    private static JsonObject json(GroupActivity entry) {
        var json = Json.createObjectBuilder()
                .add("id", entry.id())
                .add("at", entry.at().toString())
                .add("actor", entry.actor() == null ? JsonValue.NULL : Json.createValue(entry.actor()))
                .add("kind", entry.kind())
                .add("details", entry.details());
        if (entry.html() != null) {
            json.add("html", entry.html());
        }
        return json.build();
    }

    /**
     * {@code {"status": "resolved" | "ignored" | "unresolved"}}, {@code {"muteMinutes": 60}} (0 unmutes:
     * a muted group's alerts are suppressed for that long, docs/alerts.md) and/or {@code {"assignee":
     * "name" | null}} (a user who may read the project; 400 naming {@code assignee} otherwise). Status
     * changes and assignments go to the group's activity with the caller as actor. Answers the group
     * as {@code GET} does.
     */
    @PATCH
    @Path("{groupId}")
    @Consumes(MediaType.WILDCARD)
    public GroupDetail change(
            @PathParam("projectId") String projectId, @PathParam("groupId") String groupId, String body)
            throws Problem {
        long project = project(projectId);
        long group = id(groupId, projectId);
        JsonObject json = JsonBodies.object(body);
        GroupChanges.checkFields(json);
        details.requireGroup(project, group);
        triage.change(project, group, GroupChanges.parse(json));
        return details.detail(project, group);
    }

    static long project(String projectId) throws Problem {
        return Projects.require(projectId);
    }

    private static long id(String groupId, String projectId) throws Problem {
        return Projects.parseId(groupId).orElseThrow(() -> Problem.notFound(ProblemCode.NO_GROUP, groupId, projectId));
    }
}
