package io.lookout.ui.tokens;

import io.lookout.Problem;
import io.lookout.query.Overview;
import io.lookout.query.ProjectSummary;
import io.lookout.security.ApiTokens;
import io.lookout.security.NewToken;
import io.lookout.security.Roles;
import io.lookout.security.TokenInfo;
import io.lookout.security.TokenScope;
import io.lookout.ui.session.Messages;
import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The signed-in user's API tokens, {@code /tokens.xhtml}: the list (name, scopes, projects, created,
 * last used, expires), a form that creates one and shows it once with a copy button, and revoke.
 */
@Named
@ViewScoped
public class TokensPage implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The form of the list. */
    private static final String LIST = "tokens";

    /** The form that creates a token. */
    private static final String NEW_TOKEN = "newToken";

    @Inject
    private transient ApiTokens tokens;

    @Inject
    private transient Overview overview;

    @Inject
    private transient SecurityContext security;

    @Inject
    private transient Messages messages;

    @Inject
    private transient FacesContext faces;

    private List<TokenInfo> rows = List.of();
    private List<ProjectSummary> projects = List.of();
    private Map<Long, String> projectNames = Map.of();

    private String name;
    private List<String> scopes = new ArrayList<>(List.of(TokenScope.READ.word()));
    private List<String> restrictTo = new ArrayList<>();
    private LocalDate expires;

    /** The token just created, shown until the page is left; never again. */
    private String created;

    private String createdName;

    @PostConstruct
    void init() {
        projects = overview.projects();
        Map<Long, String> names = new HashMap<>();
        projects.forEach(project -> names.put(project.id(), project.name()));
        projectNames = names;
        load();
    }

    private String caller() {
        return security.getCallerPrincipal().getName();
    }

    private void load() {
        rows = tokens.list(caller());
    }

    public void create() {
        try {
            Set<TokenScope> chosen = EnumSet.noneOf(TokenScope.class);
            for (String word : scopes == null ? List.<String>of() : scopes) {
                TokenScope scope = TokenScope.of(word);
                if (scope != null) {
                    chosen.add(scope);
                }
            }
            List<Long> restricted = restrictTo == null
                    ? List.of()
                    : restrictTo.stream().map(Long::valueOf).toList();
            TokenInfo token = tokens.create(
                    caller(),
                    NewToken.of(
                            name,
                            chosen,
                            restricted,
                            expires == null ? null : expires.atStartOfDay().atOffset(ZoneOffset.UTC),
                            Instant.now()));
            created = token.token();
            createdName = token.name();
            name = null;
            scopes = new ArrayList<>(List.of(TokenScope.READ.word()));
            restrictTo = new ArrayList<>();
            expires = null;
        } catch (Problem problem) {
            messages.problem(NEW_TOKEN, problem);
        }
        load();
    }

    public void revoke(long id) {
        try {
            tokens.revoke(caller(), id);
            faces.addMessage(LIST, new FacesMessage(FacesMessage.SEVERITY_INFO, messages.get("tokens.revoked"), null));
        } catch (Problem problem) {
            messages.problem(LIST, problem);
        }
        load();
    }

    /** The scopes the user may give a token: {@code admin} only for admins. */
    public List<String> getScopeChoices() {
        return security.isCallerInRole(Roles.ADMIN) ? List.of("read", "write", "admin") : List.of("read", "write");
    }

    /** A token's projects by name (the id where the user no longer reads one). */
    public String projectsOf(TokenInfo token) {
        if (token.projects() == null) {
            return null;
        }
        return token.projects().stream()
                .map(id -> projectNames.getOrDefault(id, "#" + id))
                .collect(Collectors.joining(", "));
    }

    public List<TokenInfo> getRows() {
        return rows;
    }

    public List<ProjectSummary> getProjects() {
        return projects;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public List<String> getScopes() {
        return scopes;
    }

    public void setScopes(List<String> scopes) {
        this.scopes = scopes;
    }

    public List<String> getRestrictTo() {
        return restrictTo;
    }

    public void setRestrictTo(List<String> restrictTo) {
        this.restrictTo = restrictTo;
    }

    public LocalDate getExpires() {
        return expires;
    }

    public void setExpires(LocalDate expires) {
        this.expires = expires;
    }

    public String getCreated() {
        return created;
    }

    public String getCreatedName() {
        return createdName;
    }

    /** Hides the token just created (it cannot be shown again). */
    public void dismiss() {
        created = null;
        createdName = null;
    }
}
