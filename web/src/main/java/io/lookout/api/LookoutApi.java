package io.lookout.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;

/**
 * The REST API under {@code /api}: sending events, reading them back, administration. Readers
 * authenticate with an API token ({@code Authorization: Bearer lkt_…}) or HTTP Basic; senders of
 * events with the project's key, which the ingest resources check themselves. The OpenAPI document
 * declares the schemes per resource ({@code @SecurityRequirement} "token" or "basic" on each class
 * or operation), not globally, so that the ingest operations show that they need neither;
 * {@code ApiSecurityRequirementsTest} holds every resource to it.
 */
@ApplicationPath("api")
@OpenAPIDefinition(info = @Info(title = "Lookout", version = "1"))
@SecuritySchemes({
    @SecurityScheme(
            securitySchemeName = "token",
            type = SecuritySchemeType.HTTP,
            scheme = "bearer",
            bearerFormat = "lkt_…",
            description = "A personal API token (POST /api/tokens or the API tokens page), with scopes read, write"
                    + " and admin"),
    @SecurityScheme(
            securitySchemeName = "basic",
            type = SecuritySchemeType.HTTP,
            scheme = "basic",
            description = "A Lookout user's name and password")
})
public class LookoutApi extends Application {}
