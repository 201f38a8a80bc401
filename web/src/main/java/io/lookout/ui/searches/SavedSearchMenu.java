package io.lookout.ui.searches;

import io.lookout.query.SavedSearch;
import io.lookout.query.SavedSearches;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;
import java.security.Principal;
import java.util.List;

/** The caller's saved searches for the navigation: read once per request, none when nobody is signed in. */
@Named
@RequestScoped
public class SavedSearchMenu {

    @Inject
    private SavedSearches searches;

    @Inject
    private SecurityContext security;

    private List<SavedSearch> list;

    public List<SavedSearch> getSearches() {
        if (list == null) {
            Principal caller = security.getCallerPrincipal();
            list = caller == null ? List.of() : searches.list(caller.getName());
        }
        return list;
    }
}
