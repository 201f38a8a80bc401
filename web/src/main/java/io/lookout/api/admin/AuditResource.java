package io.lookout.api.admin;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.api.QueryParams;
import io.lookout.security.Audit;
import io.lookout.security.AuditRecord;
import io.lookout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * {@code GET /api/admin/audit?limit=&before=&actor=&action=} (admins only): the audit log, newest
 * first; {@code before} is the {@code id} of the last entry of the page before.
 */
@Path("admin/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@SecurityRequirement(name = "token")
@SecurityRequirement(name = "basic")
public class AuditResource {

    /** Entries per page unless {@code limit} says otherwise. */
    static final int DEFAULT_LIMIT = 100;

    @Inject
    private Audit audit;

    @GET
    public AuditRecord.AuditList list(
            @QueryParam("limit") String limit,
            @QueryParam("before") String before,
            @QueryParam("actor") String actor,
            @QueryParam("action") String action)
            throws Problem {
        Integer rows = QueryParams.integer(limit, "limit");
        if (rows != null && (rows < 1 || rows > Audit.MAX_LIMIT)) {
            throw Problem.invalid("limit", ProblemCode.WHOLE_NUMBER_RANGE, 1, Audit.MAX_LIMIT);
        }
        Long cursor = null;
        if (before != null) {
            if (!before.matches("[0-9]{1,18}")) {
                throw Problem.invalid(
                        "before",
                        ProblemCode.WHOLE_NUMBER,
                        before.length() > 40 ? before.substring(0, 40) + "…" : before);
            }
            cursor = Long.valueOf(before);
        }
        return new AuditRecord.AuditList(audit.list(rows == null ? DEFAULT_LIMIT : rows, cursor, actor, action, 0));
    }
}
