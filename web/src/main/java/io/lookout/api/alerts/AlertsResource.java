package io.lookout.api.alerts;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.alerts.AlertHistory;
import io.lookout.alerts.AlertRules;
import io.lookout.alerts.Dispatcher;
import io.lookout.alerts.NotificationInfo;
import io.lookout.alerts.RuleInfo;
import io.lookout.alerts.RuleSpec;
import io.lookout.api.JsonBodies;
import io.lookout.api.QueryParams;
import io.lookout.project.Projects;
import io.lookout.query.Search;
import io.lookout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * {@code /api/{projectId}/alerts} (API.md "Alerts", docs/alerts.md): the project's alert rules.
 * Members read them and their history; admins create, change, test and delete them. A webhook's
 * secret is in the answer that created it, once.
 */
@Path("{projectId}/alerts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.MEMBER})
@SecurityRequirement(name = "token")
@SecurityRequirement(name = "basic")
public class AlertsResource {

    @Inject
    private AlertRules rules;

    @Inject
    private AlertHistory history;

    @Inject
    private Dispatcher dispatcher;

    @Inject
    private Search search;

    @GET
    public RuleInfo.RuleList list(@PathParam("projectId") String projectId) throws Problem {
        long project = readable(projectId);
        return new RuleInfo.RuleList(rules.list(project).stream()
                .map(rule -> RuleInfo.of(rule, null))
                .toList());
    }

    @GET
    @Path("{ruleId}")
    public RuleInfo get(@PathParam("projectId") String projectId, @PathParam("ruleId") String ruleId) throws Problem {
        long project = readable(projectId);
        return RuleInfo.of(rules.require(project, id(ruleId, project)), null);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    @APIResponse(
            responseCode = "201",
            description = "the rule, with its webhook's secret (shown this once)",
            content = @Content(schema = @Schema(implementation = RuleInfo.class)))
    public Response create(@PathParam("projectId") String projectId, String body) throws Problem {
        long project = readable(projectId);
        AlertRules.WithSecret created = rules.create(project, RuleSpec.of(JsonBodies.object(body)));
        return Response.created(URI.create(
                        "/api/" + project + "/alerts/" + created.rule().id()))
                .entity(RuleInfo.of(created.rule(), created.secret()))
                .build();
    }

    @PUT
    @Path("{ruleId}")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public RuleInfo update(@PathParam("projectId") String projectId, @PathParam("ruleId") String ruleId, String body)
            throws Problem {
        long project = readable(projectId);
        long rule = id(ruleId, project);
        JsonObject json = JsonBodies.object(body);
        rules.require(project, rule); // an unknown rule is a 404 before the fields are checked
        AlertRules.WithSecret updated = rules.update(project, rule, RuleSpec.of(json));
        return RuleInfo.of(updated.rule(), updated.secret());
    }

    @DELETE
    @Path("{ruleId}")
    @RolesAllowed(Roles.ADMIN)
    public Response delete(@PathParam("projectId") String projectId, @PathParam("ruleId") String ruleId)
            throws Problem {
        long project = readable(projectId);
        rules.delete(project, id(ruleId, project));
        return Response.noContent().build();
    }

    /** Sends a test notification through the rule's channels now; answers the history entry it made. */
    @POST
    @Path("{ruleId}/test")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public NotificationInfo test(@PathParam("projectId") String projectId, @PathParam("ruleId") String ruleId)
            throws Problem {
        long project = readable(projectId);
        long rule = id(ruleId, project);
        long dispatch = dispatcher.test(project, rule);
        return history.list(rule, 20).stream()
                .filter(e -> e.dispatchId() != null && e.dispatchId() == dispatch)
                .findFirst()
                .map(NotificationInfo::of)
                .orElseThrow(() -> Problem.notFound(ProblemCode.TEST_NOTIFICATION_GONE, rule));
    }

    /** The rule's notifications, newest first: sent, retrying, failed, suppressed (with the reason), pending. */
    @GET
    @Path("{ruleId}/notifications")
    public NotificationInfo.NotificationList notifications(
            @PathParam("projectId") String projectId,
            @PathParam("ruleId") String ruleId,
            @QueryParam("limit") String limit)
            throws Problem {
        long project = readable(projectId);
        long rule = rules.require(project, id(ruleId, project)).id();
        Integer max = QueryParams.integer(limit, "limit");
        if (max != null && (max < 1 || max > AlertHistory.MAX_LIMIT)) {
            throw Problem.invalid("limit", ProblemCode.BETWEEN, 1, AlertHistory.MAX_LIMIT);
        }
        return AlertHistory.describe(history.list(rule, max == null ? 100 : max));
    }

    private long readable(String projectId) throws Problem {
        long project = Projects.require(projectId);
        search.readable(project);
        return project;
    }

    private static long id(String ruleId, long project) throws Problem {
        return Projects.parseId(ruleId).orElseThrow(() -> Problem.notFound(ProblemCode.NO_RULE, ruleId, project));
    }
}
