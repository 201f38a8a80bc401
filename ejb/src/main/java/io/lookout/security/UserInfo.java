package io.lookout.security;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.io.Serializable;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A user as the administration API answers it ({@code /api/admin/users}) and the administration page
 * lists it; never the password hash.
 *
 * @param roles by name
 * @param projects the ids of the projects the user is a member of, ascending
 * @param email null (written as {@code null}): none
 * @param createdAt as the API always wrote it ({@code OffsetDateTime.toString()}, UTC)
 */
@JsonbPropertyOrder({"username", "roles", "projects", "email", "language", "createdAt"})
public record UserInfo(
        String username,
        List<String> roles,
        List<Long> projects,
        @Schema(nullable = true) @JsonbNillable String email,
        String language,
        String createdAt)
        implements Serializable {

    /** {@code {"users": [...]}}, by name. */
    public record UserList(List<UserInfo> users) {}
}
