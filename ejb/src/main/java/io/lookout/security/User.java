package io.lookout.security;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

/** A person who reads Lookout: signs in with a password (stored hashed) and has roles. */
@Entity
@Table(name = "app_user")
@NamedQuery(name = "User.countAll", query = "SELECT COUNT(u) FROM User u")
@NamedQuery(name = "User.byUsername", query = "SELECT u FROM User u WHERE u.username = :username")
@NamedQuery(
        name = "User.countByUsernameIgnoringCase",
        query = "SELECT COUNT(u) FROM User u WHERE LOWER(u.username) = LOWER(:username)")
@NamedQuery(name = "User.all", query = "SELECT u FROM User u ORDER BY u.username")
public class User {

    @Id
    @SequenceGenerator(name = "app_user_seq", sequenceName = "app_user_seq", allocationSize = 1)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "app_user_seq")
    private Long id;

    @Column(nullable = false, unique = true, length = 100)
    private String username;

    @Column(name = "password_hash", nullable = false, length = 512)
    private String passwordHash;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "user_role", joinColumns = @JoinColumn(name = "user_id"))
    @Column(name = "role", length = 32)
    private Set<String> roles = new HashSet<>();

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    /** Where alerts that mail the project's members reach this user; null: nowhere. */
    @Column(length = 320)
    private String email;

    /** The language of the mails this user gets ({@code en} or {@code de}). */
    @Column(length = 8, nullable = false)
    private String language = "en";

    /**
     * The OpenID provider (its issuer) that created this user by single sign-on and decides their
     * role at each sign-in; null: a local user.
     */
    @Column(name = "sso_issuer", length = 500)
    private String ssoIssuer;

    protected User() {}

    public User(String username, String passwordHash, Set<String> roles) {
        this.username = username;
        this.passwordHash = passwordHash;
        this.roles = new HashSet<>(roles);
        this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
    }

    public Long getId() {
        return id;
    }

    public String getUsername() {
        return username;
    }

    public Set<String> getRoles() {
        return Set.copyOf(roles);
    }

    public void setRoles(Set<String> roles) {
        this.roles.clear();
        this.roles.addAll(roles);
    }

    /** The stored hash of a new password (see {@link Passwords}). */
    public void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public String getLanguage() {
        return language;
    }

    public void setLanguage(String language) {
        this.language = language;
    }

    public String getSsoIssuer() {
        return ssoIssuer;
    }

    public void setSsoIssuer(String ssoIssuer) {
        this.ssoIssuer = ssoIssuer;
    }
}
