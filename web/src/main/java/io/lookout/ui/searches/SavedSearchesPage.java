package io.lookout.ui.searches;

import io.lookout.Problem;
import io.lookout.query.SavedSearch;
import io.lookout.query.SavedSearches;
import io.lookout.ui.session.Messages;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The caller's saved searches: rename and delete (saving is on the group list). */
@Named
@ViewScoped
public class SavedSearchesPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private transient SavedSearches searches;

    @Inject
    private transient SecurityContext security;

    @Inject
    private transient Messages messages;

    /** The names typed in the rename fields, by search id. */
    private final Map<Long, String> names = new HashMap<>();

    private List<SavedSearch> rows;

    private String caller() {
        return security.getCallerPrincipal().getName();
    }

    public List<SavedSearch> getRows() {
        if (rows == null) {
            rows = searches.list(caller());
            rows.forEach(s -> names.putIfAbsent(s.id(), s.name()));
        }
        return rows;
    }

    public Map<Long, String> getNames() {
        return names;
    }

    public void rename(long id) {
        try {
            SavedSearch renamed = searches.rename(caller(), id, names.get(id));
            messages.info("searches.renamed", renamed.name());
        } catch (Problem problem) {
            messages.problem(null, problem);
        }
        rows = null;
    }

    public void delete(long id) {
        try {
            searches.delete(caller(), id);
            messages.info("searches.deleted");
        } catch (Problem problem) {
            messages.problem(null, problem);
        }
        names.remove(id);
        rows = null;
    }
}
