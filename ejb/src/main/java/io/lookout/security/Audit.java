package io.lookout.security;

import io.lookout.schema.Columns;
import io.lookout.schema.Sql;
import io.lookout.schema.SqlRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.SecurityContext;
import jakarta.transaction.Transactional;
import java.security.Principal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The audit log (docs/security.md): who did what, when, from where. Append-only: entries are only
 * added, and retention deletes those older than {@code lookout.audit.retention-days}. Details say
 * what changed; callers never pass a password, key or token.
 */
@ApplicationScoped
public class Audit {

    /** The actor of what Lookout does on its own (the cleanup timer). */
    public static final String SYSTEM = "system";

    static final int ACTOR_LENGTH = 200;
    static final int TARGET_LENGTH = 300;
    static final int DETAILS_LENGTH = 4000;

    /** The most entries one page of the API or the audit page shows. */
    public static final int MAX_LIMIT = 500;

    private static final Columns COLUMNS = new Columns("id", "at", "actor", "address", "action", "target", "details");

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private SecurityContext security;

    @Inject
    private RequestOrigin origin;

    /** Records an action of the current request's caller (or {@link #SYSTEM} when there is none). */
    @Transactional
    public void record(String action, String target, String details) {
        String actor = SYSTEM;
        String address = null;
        String token = null;
        Principal caller = null;
        try {
            caller = security.getCallerPrincipal();
        } catch (RuntimeException e) {
            // no security context here (a timer): the system acts
        }
        if (caller != null && !"anonymous".equals(caller.getName())) {
            actor = caller.getName();
        }
        try {
            address = origin.getAddress();
            token = origin.getToken();
        } catch (ContextNotActiveException e) {
            // no request: the timer
        }
        record(actor, address, action, target, token == null ? details : withToken(details, token));
    }

    private static String withToken(String details, String token) {
        String via = "(with API token '" + token + "')";
        return details == null || details.isEmpty() ? via : details + " " + via;
    }

    /** Records an action; long texts are cut to their columns. */
    @Transactional
    public void record(String actor, String address, String action, String target, String details) {
        em.persist(new AuditEntry(
                OffsetDateTime.now(ZoneOffset.UTC),
                cut(actor == null || actor.isEmpty() ? "?" : actor, ACTOR_LENGTH),
                cut(address, 64),
                action,
                cut(target, TARGET_LENGTH),
                cut(details, DETAILS_LENGTH)));
    }

    private static String cut(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length - 1) + "…";
    }

    /**
     * Entries newest first.
     *
     * @param before only entries with a smaller id; {@code null}: from the newest
     * @param actor only this actor's; {@code null} or empty: all
     * @param action only actions starting with this ({@code user.}, {@code login.failed}); {@code null} or
     *     empty: all
     */
    public List<AuditRecord> list(int limit, Long before, String actor, String action, int offset) {
        Sql sql = Sql.select(COLUMNS, "FROM audit_entry WHERE 1 = 1");
        filter(sql, before, actor, action);
        sql.sql(" ORDER BY id DESC");
        if (offset > 0) {
            sql.sql(" OFFSET ").value(offset).sql(" ROWS");
        }
        sql.limit(Math.min(Math.max(limit, 1), MAX_LIMIT));
        return sql.rows(em).stream().map(Audit::toRecord).toList();
    }

    /** How many entries {@link #list} would page through. */
    public long count(String actor, String action) {
        Sql sql = new Sql("SELECT COUNT(*) FROM audit_entry WHERE 1 = 1");
        filter(sql, null, actor, action);
        return ((Number) sql.query(em).getSingleResult()).longValue();
    }

    private static void filter(Sql sql, Long before, String actor, String action) {
        if (before != null) {
            sql.sql(" AND id < ").value(before);
        }
        if (actor != null && !actor.isBlank()) {
            sql.sql(" AND actor = ").value(actor.strip());
        }
        if (action != null && !action.isBlank()) {
            String prefix =
                    action.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
            sql.sql(" AND action LIKE ").value(prefix + "%").sql(" ESCAPE '\\'");
        }
    }

    private static AuditRecord toRecord(SqlRow row) {
        return new AuditRecord(
                row.number("id"),
                row.time("at").toInstant().toString(),
                row.text("actor"),
                row.text("address"),
                row.text("action"),
                row.text("target"),
                row.text("details"));
    }

    /** Deletes up to {@code batch} entries older than {@code cutoff}; answers how many went. */
    @Transactional
    public int deleteOlderThan(Instant cutoff, int batch) {
        List<?> ids = Sql.select(new Columns("id"), "FROM audit_entry WHERE at < ")
                .value(cutoff.atOffset(ZoneOffset.UTC))
                .sql(" ORDER BY at")
                .limit(batch)
                .rows(em)
                .stream()
                .map(row -> row.number("id"))
                .toList();
        if (ids.isEmpty()) {
            return 0;
        }
        Sql delete = new Sql("DELETE FROM audit_entry WHERE id IN (");
        for (int i = 0; i < ids.size(); i++) {
            delete.sql(i == 0 ? "" : ", ").value(ids.get(i));
        }
        return delete.sql(")").query(em).executeUpdate();
    }
}
