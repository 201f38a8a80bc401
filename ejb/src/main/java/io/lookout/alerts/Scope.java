package io.lookout.alerts;

import io.lookout.grouping.GroupStatus;
import io.lookout.query.language.HasTerm;
import io.lookout.query.language.Query;
import io.lookout.query.language.StatusTerm;
import io.lookout.query.language.TagTerm;
import io.lookout.query.language.Term;
import io.lookout.query.language.TextTerm;
import io.lookout.query.language.TypeTerm;
import java.util.Locale;
import java.util.Map;

/**
 * A rule's scope, evaluated in memory against an event as the store has it: the view (by id; the
 * event must have counted into it) and the query, term by term with the meaning the search gives
 * them (docs/api.md): tags compared as text, {@code has:} present and not null, the type, the
 * group's status, and words in the summary or culprit, ignoring case.
 *
 * @param viewId the view's id, or null for no view
 */
record Scope(Long viewId, Query query) {

    boolean matches(
            String type,
            Map<String, String> tags,
            String message,
            String culprit,
            GroupStatus status,
            Map<Long, Long> viewGroups) {
        if (viewId != null && !viewGroups.containsKey(viewId)) {
            return false;
        }
        for (Term term : query.terms()) {
            if (!matches(term, type, tags, message, culprit, status)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(
            Term term, String type, Map<String, String> tags, String message, String culprit, GroupStatus status) {
        if (term instanceof TagTerm tag) {
            return tag.value().equals(tags.get(tag.key())) != tag.negated();
        }
        if (term instanceof HasTerm has) {
            return (tags.get(has.key()) != null) != has.negated();
        }
        if (term instanceof TypeTerm t) {
            return t.type().equals(type) != t.negated();
        }
        if (term instanceof StatusTerm s) {
            return (s.status() == status) != s.negated();
        }
        if (!(term instanceof TextTerm text)) {
            // assigned: and is:bookmarked depend on who searches: rules refuse them (RuleSpec)
            return false;
        }
        return contains(message, culprit, text.text()) != text.negated();
    }

    private static boolean contains(String message, String culprit, String text) {
        String needle = text.toLowerCase(Locale.ROOT);
        return message != null && message.toLowerCase(Locale.ROOT).contains(needle)
                || culprit != null && culprit.toLowerCase(Locale.ROOT).contains(needle);
    }
}
