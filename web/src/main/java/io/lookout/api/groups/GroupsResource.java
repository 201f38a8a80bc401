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
import io.lookout.query.Search;
import io.lookout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/{projectId}/groups}: the aggregates events form, and their status. */
@Path("{projectId}/groups")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.MEMBER})
public class GroupsResource {

    @Inject
    private Search search;

    @Inject
    private GroupDetails details;

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

    @GET
    @Path("{groupId}")
    public GroupDetail group(@PathParam("projectId") String projectId, @PathParam("groupId") String groupId)
            throws Problem {
        return details.detail(project(projectId), id(groupId, projectId));
    }

    /**
     * {@code {"status": "resolved" | "ignored" | "unresolved"}} and/or {@code {"muteMinutes": 60}}
     * (0 unmutes): a muted group's alerts are suppressed for that long (docs/alerts.md). Answers
     * the group as {@code GET} does.
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
        details.change(project, group, GroupChanges.parse(json));
        return details.detail(project, group);
    }

    static long project(String projectId) throws Problem {
        return Projects.require(projectId);
    }

    private static long id(String groupId, String projectId) throws Problem {
        return Projects.parseId(groupId).orElseThrow(() -> Problem.notFound(ProblemCode.NO_GROUP, groupId, projectId));
    }
}
