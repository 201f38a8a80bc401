package io.lookout.ui.groups;

import io.lookout.Problem;
import io.lookout.grouping.GroupStatus;
import io.lookout.query.GroupRows;
import io.lookout.query.Search;
import io.lookout.query.language.QueryParser;
import io.lookout.query.language.QuerySyntaxException;
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
import java.io.IOException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    @Inject
    private transient Search search;

    @Inject
    private transient Views views;

    @Inject
    private transient Messages messages;

    private Long project;
    private String view;
    private String q;
    private String status;
    private String sort = "score";

    private String viewName;
    private List<String> viewKeys = List.of();
    private boolean queryValid = true;
    private final Rows rows = new Rows();

    public void load() throws IOException {
        if (project == null) {
            Pages.sendError(400, "error.missingParameter", "project");
            return;
        }
        try {
            search.readable(project);
        } catch (Problem problem) {
            Pages.notFound("error.noProject", String.valueOf(project));
            return;
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

    /** The search button: the table starts again at its first page. */
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
                        project, view, q, sort, status == null ? null : GroupStatus.parse(status), cursor, pageSize);
                if (page.nextCursor() != null) {
                    cursors.put(start + pageSize, page.nextCursor());
                }
                setRowCount(start + page.rows().size() + (page.nextCursor() != null ? 1 : 0));
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

    public String getTitle() {
        return viewName != null ? messages.get("groups.viewTitle", viewName) : messages.get("groups.title");
    }

    public Rows getRows() {
        return rows;
    }

    public List<String> getViewKeys() {
        return viewKeys;
    }

    public List<String> getSorts() {
        return List.of("score", "lastSeen", "firstSeen", "count");
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
