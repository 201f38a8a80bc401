package io.lookout.security;

import io.lookout.operations.LookoutLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Single sign-on through an OpenID Connect provider (docs/security.md): its settings (the
 * {@code lookout.oidc.*} keys; no issuer, no single sign-on), and what a sign-in the provider vouched
 * for means for Lookout's users. The protocol itself (redirect, code exchange, token checks) is
 * Jakarta Security's OpenID Connect mechanism; this only maps its caller to a user.
 *
 * <p>A sign-in maps to the Lookout user named by the username claim ({@code preferred_username}). A user
 * that single sign-on created follows the provider's groups at every sign-in: {@code admin} while in
 * one of {@code lookout.oidc.admin-groups}, else {@code member}. A local user of the same name is
 * never taken over: the sign-in is refused.
 */
@ApplicationScoped
@Named("lookoutSso")
public class SingleSignOn {

    /** Why a sign-in the provider vouched for is not a Lookout sign-in (a message key suffix). */
    public enum Refusal {
        /** The username claim is missing or not a Lookout user name. */
        NAME,
        /** No such user, and {@code lookout.oidc.create-users} is false. */
        UNKNOWN,
        /** A local user (or one of another provider) has that name. */
        LOCAL;

        /** The key of the login page's message. */
        public String messageKey() {
            return "login.sso.refused." + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The outcome: the user and their roles now, or why not. */
    public record Outcome(String username, Set<String> roles, Refusal refusal) {

        static Outcome refused(Refusal refusal) {
            return new Outcome(null, Set.of(), refusal);
        }

        public boolean signedIn() {
            return refusal == null;
        }
    }

    @Inject
    @ConfigProperty(name = "lookout.oidc.issuer")
    Optional<String> issuer;

    @Inject
    @ConfigProperty(name = "lookout.oidc.client-id", defaultValue = "lookout")
    String clientId;

    @Inject
    @ConfigProperty(name = "lookout.oidc.client-secret")
    Optional<String> clientSecret;

    @Inject
    @ConfigProperty(name = "lookout.oidc.username-claim", defaultValue = "preferred_username")
    String usernameClaim;

    @Inject
    @ConfigProperty(name = "lookout.oidc.groups-claim", defaultValue = "groups")
    String groupsClaim;

    @Inject
    @ConfigProperty(name = "lookout.oidc.admin-groups")
    Optional<String> adminGroups;

    @Inject
    @ConfigProperty(name = "lookout.oidc.create-users", defaultValue = "true")
    boolean createUsers;

    @Inject
    @ConfigProperty(name = "lookout.oidc.scopes", defaultValue = "openid profile email")
    String scopes;

    @Inject
    @ConfigProperty(name = "lookout.oidc.button-label", defaultValue = "OpenID Connect")
    String buttonLabel;

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private Users users;

    @Inject
    private Passwords passwords;

    @Inject
    private Audit audit;

    /** Whether single sign-on is configured (an issuer is set). */
    public boolean isEnabled() {
        return !getIssuer().isEmpty();
    }

    /** The provider's issuer URL, without a trailing slash; empty when off. */
    public String getIssuer() {
        String value = issuer.map(String::strip).orElse("");
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    public String getClientId() {
        return clientId;
    }

    public String getClientSecret() {
        return clientSecret.orElse("");
    }

    public String getUsernameClaim() {
        return usernameClaim;
    }

    public String getGroupsClaim() {
        return groupsClaim;
    }

    public String getScopes() {
        return scopes;
    }

    /** What the login page's button names: "Sign in with …". */
    public String getButtonLabel() {
        return buttonLabel;
    }

    public boolean isCreateUsers() {
        return createUsers;
    }

    /** The provider groups whose members are admins. */
    public Set<String> adminGroups() {
        return parseGroups(adminGroups.orElse(""));
    }

    /** A comma-separated list of group names, blanks dropped. */
    static Set<String> parseGroups(String list) {
        return Arrays.stream(list.split(","))
                .map(String::strip)
                .filter(group -> !group.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The roles of a single sign-on user in these provider groups. */
    static Set<String> rolesFor(Collection<String> groups, Set<String> adminGroups) {
        return groups.stream().anyMatch(adminGroups::contains) ? Set.of(Roles.ADMIN) : Set.of(Roles.MEMBER);
    }

    /**
     * A sign-in the provider vouched for: the user of that name (created as member or admin when unknown
     * and allowed) with roles from the provider's groups, or a refusal. Recorded in the audit log
     * ({@code login.sso}, or {@code login.sso-refused}).
     *
     * @param username the username claim, null when missing
     * @param email the email claim, null when missing
     * @param groups the groups claim's values
     */
    @Transactional
    public Outcome signIn(String username, String email, List<String> groups, String address) {
        String issuerNow = getIssuer();
        if (username == null || !Users.USERNAME.matcher(username).matches()) {
            return refuse(username, address, Refusal.NAME, groups);
        }
        Set<String> wanted = rolesFor(groups, adminGroups());
        Optional<User> found = users.find(username);
        String what;
        User user;
        if (found.isEmpty()) {
            long taken = em.createNamedQuery("User.countByUsernameIgnoringCase", Long.class)
                    .setParameter("username", username)
                    .getSingleResult();
            if (taken > 0) {
                return refuse(username, address, Refusal.LOCAL, groups);
            }
            if (!createUsers) {
                return refuse(username, address, Refusal.UNKNOWN, groups);
            }
            // no password anyone knows: the user signs in through the provider until an admin sets one
            user = new User(username, passwords.hash(TokenSecrets.generate()), wanted);
            user.setSsoIssuer(issuerNow);
            if (email != null
                    && email.length() <= 254
                    && Users.EMAIL.matcher(email).matches()) {
                user.setEmail(email);
            }
            em.persist(user);
            em.flush();
            what = "created with roles " + new TreeSet<>(wanted);
        } else {
            user = found.get();
            if (!issuerNow.equals(user.getSsoIssuer())) {
                return refuse(username, address, Refusal.LOCAL, groups);
            }
            Set<String> before = user.getRoles();
            Set<String> roles = wanted;
            if (before.contains(Roles.ADMIN) && !roles.contains(Roles.ADMIN) && isLastAdmin(user)) {
                // there is always an admin: the last one keeps the role until another exists
                roles = before;
            }
            if (!roles.equals(before)) {
                user.setRoles(roles);
                em.flush();
                what = "roles " + new TreeSet<>(before) + " → " + new TreeSet<>(roles);
            } else {
                what = "roles " + new TreeSet<>(roles)
                        + (roles.equals(wanted) ? "" : " (the last admin keeps the role)");
            }
        }
        audit.record(
                username,
                address,
                "login.sso",
                "user " + username,
                "issuer " + issuerNow + ", groups " + new TreeSet<>(groups) + "; " + what);
        return new Outcome(username, user.getRoles(), null);
    }

    private boolean isLastAdmin(User user) {
        Number others =
                (Number) em.createNativeQuery("SELECT COUNT(*) FROM user_role WHERE role = ?1 AND user_id <> ?2")
                        .setParameter(1, Roles.ADMIN)
                        .setParameter(2, user.getId())
                        .getSingleResult();
        return others.longValue() == 0;
    }

    private Outcome refuse(String username, String address, Refusal refusal, List<String> groups) {
        String name = Objects.requireNonNullElse(username, "?");
        LookoutLog.LOG.ssoRefused(name, address, refusal.name().toLowerCase(java.util.Locale.ROOT));
        audit.record(
                name,
                address,
                "login.sso-refused",
                "user " + name,
                "issuer " + getIssuer() + ", groups " + new TreeSet<>(groups) + "; "
                        + switch (refusal) {
                            case NAME -> "no usable user name in the claim " + usernameClaim;
                            case UNKNOWN -> "unknown user, and lookout.oidc.create-users is false";
                            case LOCAL -> "a local user has this name";
                        });
        return Outcome.refused(refusal);
    }
}
