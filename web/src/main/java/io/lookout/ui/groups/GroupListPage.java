package io.lookout.ui.groups;

import io.lookout.Problem;
import io.lookout.grouping.GroupStatus;
import io.lookout.query.GroupRows;
import io.lookout.query.SavedSearches;
import io.lookout.query.Search;
import io.lookout.query.language.Query;
import io.lookout.query.language.QueryParser;
import io.lookout.query.language.QuerySyntaxException;
import io.lookout.query.language.TypeTerm;
import io.lookout.ui.Pages;
import io.lookout.ui.session.Messages;
import io.lookout.views.View;
import io.lookout.views.Views;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.validator.ValidatorException;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;
import java.io.IOException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * A project's groups, or a view's groups: the query language, sort and status filter, a lazy
 * table paged by the service's keyset cursors (one page at a time, forward and back).
 */
@Named
@ViewScoped
public class GroupListPage implements Serializable {

    private static final long serialVersionUID = 1L;
    public static final int PAGE_SIZE = 25;
    /**
     * Groups counted for the paginator at most ({@value #COUNT_CAP_KEY}); past it, the paginator
     * says "more than".
     */
    public static final int COUNT_CAP = 10_000;

    public static final String COUNT_CAP_KEY = "lookout.ui.group-count-cap";

    static final List<String> HELP_TERMS = List.of(
            "word  com.acme.Cart  time*",
            "\"a phrase\"",
            "key:value  key:\"a value\"",
            "url:/checkout/*  url:*admin*  url:a\\*b",
            "release:2.3.0  environment:production",
            "lastSeen:-24h  firstSeen:+7d",
            "lastSeen:>2026-12-01  firstSeen:<=2026-11-30T12:00",
            "has:release  type:exception",
            "is:unresolved  is:resolved  is:ignored  is:bookmarked",
            "assigned:me  assigned:none",
            "!term");
    static final List<String> HELP_EXAMPLES = List.of(
            "NullPointerException",
            "url:/checkout/*",
            "lastSeen:-24h is:unresolved",
            "firstSeen:+7d !is:resolved",
            "environment:production release:2.3.*",
            "!has:release");

    @Inject
    private transient Search search;

    @Inject
    private io.lookout.ui.session.EnvironmentChoice environment;

    @Inject
    private transient Views views;

    @Inject
    private transient io.lookout.project.Projects projects;

    @Inject
    private transient Messages messages;

    @Inject
    private transient SavedSearches savedSearches;

    @Inject
    private transient SecurityContext security;

    /** The name to save the current search under. */
    private String saveName;

    private Long project;
    private String view;
    private String q;
    private String status;
    private String sort = "score";

    private String viewName;
    private List<String> viewKeys = List.of();
    private boolean queryValid = true;
    private final Rows rows = new Rows();
    /** The project's DSN and its native API's address when it has no group yet: the empty state says how to send one. */
    private String dsn;

    private String eventsUrl;
    private String publicKey;

    public void load() throws IOException {
        if (project == null) {
            Pages.sendError(400, "error.missingParameter", "project");
            return;
        }
        io.lookout.project.Project readable;
        try {
            readable = search.readable(project);
        } catch (Problem problem) {
            Pages.notFound("error.noProject", String.valueOf(project));
            return;
        }
        try {
            if (search.groupCount(project, null, null, null, 0) == 0) {
                dsn = projects.dsn(readable);
                publicKey = readable.getPublicKey();
                // the DSN is scheme://key@host/id: the native API is at scheme://host/api/id/events
                eventsUrl = dsn.replaceFirst("://[^@]*@", "://").replaceFirst("/(\\d+)$", "/api/$1/events");
            }
        } catch (Problem problem) {
            // the project was readable a moment ago: no empty state then
        }
        if (view != null && !view.isBlank()) {
            Optional<View> found = views.find(project, view);
            if (found.isEmpty()) {
                Pages.notFound("error.noView", view);
                return;
            }
            viewName = found.get().getName();
            viewKeys = Views.keys(found.get());
        }
        checkQuery();
    }

    /**
     * The search button: the list again at its first page, with the search, sort and status in the
     * address (a GET after the POST), so that Back and a bookmark find it again.
     */
    public String apply() {
        checkQuery();
        if (!queryValid) {
            return null;
        }
        rows.reset();
        return "/groups?faces-redirect=true&includeViewParams=true";
    }

    /**
     * Saves the list's search (the query in the address) under {@link #saveName} for the caller; it
     * shows in the navigation from the next page on (a GET after the POST).
     */
    public String saveSearch() {
        try {
            savedSearches.create(security.getCallerPrincipal().getName(), project, saveName, q);
        } catch (Problem problem) {
            messages.problem("filter:save-name", problem);
            return null;
        }
        messages.info("searches.saved", saveName.strip());
        FacesContext.getCurrentInstance().getExternalContext().getFlash().setKeepMessages(true);
        return "/groups?faces-redirect=true&includeViewParams=true";
    }

    /** The terms the syntax help explains, in order (their texts are search.help.term.0, .1, ...). */
    public List<String> getHelpTerms() {
        return HELP_TERMS;
    }

    /** The help's examples, each a link to this list searched so. */
    public List<String> getHelpExamples() {
        return HELP_EXAMPLES;
    }

    public String getSaveName() {
        return saveName;
    }

    public void setSaveName(String saveName) {
        this.saveName = saveName;
    }

    /** Live refresh: the current page again. */
    public void refresh() {}

    private void checkQuery() {
        queryValid = true;
        if (q != null && !q.isBlank()) {
            try {
                QueryParser.parse(q);
            } catch (QuerySyntaxException e) {
                queryValid = false;
                messages.error("filter:q", messages.describe(e));
            }
        }
    }

    /** Inline error for a query that does not parse (the message names the column). */
    public void validateQuery(FacesContext context, UIComponent component, Object value) {
        if (value instanceof String text && !text.isBlank()) {
            try {
                QueryParser.parse(text);
            } catch (QuerySyntaxException e) {
                throw new ValidatorException(new FacesMessage(FacesMessage.SEVERITY_ERROR, messages.describe(e), null));
            }
        }
    }

    /** Pages through the service's cursors: each page remembers the cursor of the next. */
    public class Rows extends LazyDataModel<GroupRows.Row> {

        private static final long serialVersionUID = 1L;
        private final Map<Integer, String> cursors = new HashMap<>();
        private String report;

        /** Where the page is: "Page 2 · 26–50 of 1,234", or "of more than 10,000" past the count's cap. */
        public String getReport() {
            return report;
        }

        private String report(int start, int pageSize, int shown, boolean more) throws Problem {
            int cap = Math.max(
                    1,
                    ConfigProvider.getConfig()
                            .getOptionalValue(COUNT_CAP_KEY, Integer.class)
                            .orElse(COUNT_CAP));
            long total = search.groupCount(
                    project, view, environment.filter(q), status == null ? null : GroupStatus.parse(status), cap);
            int page = start / pageSize + 1;
            int end = start + shown;
            if (total <= cap) {
                return messages.get("groups.page", page, start + 1, end, total);
            }
            // past the cap: the pages walked so far tell more than the count
            return more || end <= cap
                    ? messages.get("groups.pageOfMore", page, start + 1, end, Math.max(cap, end))
                    : messages.get("groups.page", page, start + 1, end, end);
        }

        void reset() {
            cursors.clear();
        }

        /**
         * Called before {@link #load}; the list has no total (keyset paging), so this only keeps the
         * table from moving back to the first page; {@code load} then sets the rows known so far,
         * plus one when there is a next page.
         */
        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return Integer.MAX_VALUE / 2;
        }

        @Override
        public List<GroupRows.Row> load(
                int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
            if (project == null || !queryValid) {
                setRowCount(0);
                return List.of();
            }
            String cursor = null;
            int start = first;
            if (first > 0) {
                cursor = cursors.get(first);
                if (cursor == null) {
                    start = 0;
                }
            }
            try {
                GroupRows.Page page = search.groupRows(
                        project,
                        view,
                        environment.filter(q),
                        sort,
                        status == null ? null : GroupStatus.parse(status),
                        cursor,
                        pageSize);
                if (page.nextCursor() != null) {
                    cursors.put(start + pageSize, page.nextCursor());
                }
                setRowCount(start + page.rows().size() + (page.nextCursor() != null ? 1 : 0));
                report = page.rows().isEmpty()
                        ? null
                        : report(start, pageSize, page.rows().size(), page.nextCursor() != null);
                return page.rows();
            } catch (Problem problem) {
                messages.problem("filter:q", problem);
                setRowCount(0);
                return List.of();
            }
        }

        @Override
        public String getRowKey(GroupRows.Row row) {
            return Long.toString(row.id());
        }

        @Override
        public GroupRows.Row getRowData(String rowKey) {
            return null;
        }
    }

    public String keyValue(GroupRows.Row row, int index) {
        return index < row.keyValues().size() ? row.keyValues().get(index) : null;
    }

    /** Says what the list shows: the view (by its keys), the one type searched for, all groups, or a search's result. */
    public String getTitle() {
        if (viewName != null) {
            return messages.get("groups.viewTitle", viewName, String.join(", ", viewKeys));
        }
        if (q == null || q.isBlank()) {
            return messages.get("groups.allTitle");
        }
        if (queryValid) {
            try {
                Query query = QueryParser.parse(q);
                if (query.terms().size() == 1 && query.terms().get(0) instanceof TypeTerm type && !type.negated()) {
                    return messages.get("groups.typeTitle", type.type());
                }
            } catch (QuerySyntaxException e) {
                // checked already: the title of a search
            }
        }
        return messages.get("groups.searchTitle");
    }

    public Rows getRows() {
        return rows;
    }

    public List<String> getViewKeys() {
        return viewKeys;
    }

    /** The project's DSN when it has no group yet (the empty state), otherwise null. */
    public String getDsn() {
        return dsn;
    }

    public String getEventsUrl() {
        return eventsUrl;
    }

    public String getPublicKey() {
        return publicKey;
    }

    public List<String> getSorts() {
        return List.of("score", "lastSeen", "firstSeen", "count", "users");
    }

    public List<String> getStatuses() {
        return GroupStatus.wireNames();
    }

    public Long getProject() {
        return project;
    }

    public void setProject(Long project) {
        this.project = project;
    }

    public String getView() {
        return view;
    }

    public void setView(String view) {
        this.view = view;
    }

    public String getQ() {
        return q;
    }

    public void setQ(String q) {
        this.q = q;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getSort() {
        return sort;
    }

    public void setSort(String sort) {
        this.sort = sort == null || sort.isBlank() ? "score" : sort;
    }
}
