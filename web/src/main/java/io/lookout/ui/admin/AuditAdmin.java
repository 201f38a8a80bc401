package io.lookout.ui.admin;

import io.lookout.security.Audit;
import io.lookout.security.AuditRecord;
import io.lookout.security.Roles;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;
import java.io.Serializable;
import java.util.List;

/**
 * The administration's audit log page, {@code /admin/audit.xhtml} (admins only, also by web.xml):
 * who did what, when, from where, newest first, {@link #PAGE} to a page, filtered by actor and by
 * action (its beginning: {@code user.} is every change of users).
 */
@Named
@ViewScoped
public class AuditAdmin implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Entries per page. */
    static final int PAGE = 50;

    @Inject
    private transient Audit audit;

    @Inject
    private transient SecurityContext security;

    private String actor;
    private String action;
    private int page;
    private long total;
    private List<AuditRecord> rows = List.of();

    @PostConstruct
    void init() {
        load();
    }

    private void load() {
        if (!security.isCallerInRole(Roles.ADMIN)) {
            rows = List.of();
            total = 0;
            return;
        }
        total = audit.count(actor, action);
        if (page > 0 && (long) page * PAGE >= total) {
            page = (int) Math.max(0, (total - 1) / PAGE);
        }
        rows = audit.list(PAGE, null, actor, action, page * PAGE);
    }

    public void filter() {
        page = 0;
        load();
    }

    public void clear() {
        actor = null;
        action = null;
        filter();
    }

    public void next() {
        if (hasNext()) {
            page++;
        }
        load();
    }

    public void previous() {
        if (page > 0) {
            page--;
        }
        load();
    }

    public boolean hasNext() {
        return (long) (page + 1) * PAGE < total;
    }

    public boolean hasPrevious() {
        return page > 0;
    }

    /** The first entry shown, counted from 1. */
    public long getFirst() {
        return rows.isEmpty() ? 0 : (long) page * PAGE + 1;
    }

    public long getLast() {
        return (long) page * PAGE + rows.size();
    }

    public long getTotal() {
        return total;
    }

    public List<AuditRecord> getRows() {
        return rows;
    }

    public String getActor() {
        return actor;
    }

    public void setActor(String actor) {
        this.actor = actor;
    }

    public String getAction() {
        return action;
    }

    public void setAction(String action) {
        this.action = action;
    }
}
