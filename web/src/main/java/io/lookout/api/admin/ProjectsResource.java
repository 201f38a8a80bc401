package io.lookout.api.admin;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.api.JsonBodies;
import io.lookout.grouping.RulesPreview;
import io.lookout.project.AdminProject;
import io.lookout.project.NewProject;
import io.lookout.project.Project;
import io.lookout.project.ProjectGroupingRules;
import io.lookout.project.ProjectMembers;
import io.lookout.project.Projects;
import io.lookout.quota.ProjectQuota;
import io.lookout.quota.QuotaInfo;
import io.lookout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * {@code /api/admin/projects} (admins only): every project with its public key, DSN and members;
 * create a project, rotate its key, add and remove members, read and set its quota.
 */
@Path("admin/projects")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@SecurityRequirement(name = "token")
@SecurityRequirement(name = "basic")
public class ProjectsResource {

    @Inject
    private Projects projects;

    @Inject
    private ProjectMembers members;

    @Inject
    private ProjectGroupingRules groupingRules;

    @Inject
    private RulesPreview preview;

    @Inject
    private ProjectQuota quota;

    @GET
    public AdminProject.AdminProjectList list() throws Problem {
        List<AdminProject> list = new ArrayList<>();
        for (Project project : projects.list()) {
            list.add(withMembers(project));
        }
        return new AdminProject.AdminProjectList(list);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @APIResponse(
            responseCode = "201",
            description = "the project, with its key and DSN",
            content = @Content(schema = @Schema(implementation = AdminProject.class)))
    public Response create(String body) throws Problem {
        Project project = projects.create(NewProject.of(JsonBodies.object(body)));
        return Response.created(URI.create("/api/admin/projects/" + project.getId()))
                .entity(withMembers(project))
                .build();
    }

    @GET
    @Path("{projectId}")
    public AdminProject get(@PathParam("projectId") String projectId) throws Problem {
        return withMembers(project(projectId));
    }

    /** A new public key; the old one is refused from now on. */
    @POST
    @Path("{projectId}/key")
    public AdminProject rotateKey(@PathParam("projectId") String projectId) throws Problem {
        return withMembers(projects.rotateKey(Projects.require(projectId)));
    }

    @GET
    @Path("{projectId}/members")
    public AdminProject.MemberList members(@PathParam("projectId") String projectId) throws Problem {
        return new AdminProject.MemberList(members.list(Projects.require(projectId)));
    }

    @GET
    @Path("{projectId}/members/{username}")
    public AdminProject.Membership member(
            @PathParam("projectId") String projectId, @PathParam("username") String username) throws Problem {
        long project = Projects.require(projectId);
        if (!members.isMember(project, username)) {
            throw Problem.notFound(ProblemCode.NOT_A_MEMBER, username, project);
        }
        return new AdminProject.Membership(project, username);
    }

    /** Adds the member: {@code 201} when added, {@code 200} when they were one already. */
    @PUT
    @Path("{projectId}/members/{username}")
    @Consumes(MediaType.WILDCARD)
    @APIResponse(
            responseCode = "200",
            description = "the membership (201 when it is new)",
            content = @Content(schema = @Schema(implementation = AdminProject.Membership.class)))
    public Response addMember(@PathParam("projectId") String projectId, @PathParam("username") String username)
            throws Problem {
        long project = Projects.require(projectId);
        boolean added = members.add(project, username);
        return Response.status(added ? 201 : 200)
                .entity(new AdminProject.Membership(project, username))
                .build();
    }

    /** Removes the member: {@code 204}, also when they were not one. */
    @DELETE
    @Path("{projectId}/members/{username}")
    public Response removeMember(@PathParam("projectId") String projectId, @PathParam("username") String username)
            throws Problem {
        members.remove(Projects.require(projectId), username);
        return Response.noContent().build();
    }

    /** {@code {"rules": "...", "updatedAt"?}}: the project's grouping rules ({@code ""} for none). */
    @GET
    @Path("{projectId}/grouping-rules")
    public RulesAnswer groupingRules(@PathParam("projectId") String projectId) throws Problem {
        return RulesAnswer.of(groupingRules.get(Projects.require(projectId)));
    }

    /** Saves the grouping rules; 400 naming line and column when they do not parse. */
    @PUT
    @Path("{projectId}/grouping-rules")
    @Consumes(MediaType.WILDCARD)
    public RulesAnswer saveGroupingRules(@PathParam("projectId") String projectId, String body) throws Problem {
        JsonObject json = JsonBodies.object(body);
        for (String key : json.keySet()) {
            if (!key.equals(ProjectGroupingRules.FIELD)) {
                throw Problem.invalid(key, ProblemCode.UNKNOWN_FIELD, ProjectGroupingRules.FIELD);
            }
        }
        return RulesAnswer.of(groupingRules.save(Projects.require(projectId), ProjectGroupingRules.text(json)));
    }

    /** What candidate rules would do to the project's recent events; nothing is saved. */
    @POST
    @Path("{projectId}/grouping-rules/preview")
    @Consumes(MediaType.WILDCARD)
    public RulesPreview.Preview previewGroupingRules(@PathParam("projectId") String projectId, String body)
            throws Problem {
        long project = Projects.require(projectId);
        return preview.preview(project, RulesPreview.Request.of(JsonBodies.object(body)));
    }

    /**
     * The project's quota: its own settings (null: the server's default), what applies, the current
     * minute's and day's use and the drops per hour of the past 48 hours.
     */
    @GET
    @Path("{projectId}/quota")
    public QuotaInfo quota(@PathParam("projectId") String projectId) throws Problem {
        return quota.get(Projects.require(projectId));
    }

    /** Replaces the quota settings {@code {"eventsPerMinute", "eventsPerDay", "spikeFactor"}} (absent or null: default). */
    @PUT
    @Path("{projectId}/quota")
    @Consumes(MediaType.WILDCARD)
    public QuotaInfo saveQuota(@PathParam("projectId") String projectId, String body) throws Problem {
        long project = Projects.require(projectId);
        return quota.save(project, ProjectQuota.settings(JsonBodies.object(body)));
    }

    /** A project's grouping rules as the API answers them. */
    @JsonbPropertyOrder({"rules", "updatedAt"})
    public record RulesAnswer(String rules, String updatedAt) {
        static RulesAnswer of(ProjectGroupingRules.Rules rules) {
            return new RulesAnswer(
                    rules.rules(),
                    rules.updatedAt() == null
                            ? null
                            : rules.updatedAt()
                                    .withOffsetSameInstant(ZoneOffset.UTC)
                                    .toString());
        }
    }

    private Project project(String projectId) throws Problem {
        long id = Projects.require(projectId);
        return projects.find(id).orElseThrow(() -> Problem.notFound(ProblemCode.NO_PROJECT, id));
    }

    private AdminProject withMembers(Project project) throws Problem {
        return projects.describe(project, members.list(project.getId()));
    }
}
