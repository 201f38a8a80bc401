package io.lookout.alerts;

import io.lookout.grouping.GroupStatus;
import io.lookout.grouping.SearchText;
import io.lookout.query.language.HasTerm;
import io.lookout.query.language.Query;
import io.lookout.query.language.StatusTerm;
import io.lookout.query.language.TagTerm;
import io.lookout.query.language.Term;
import io.lookout.query.language.TextTerm;
import io.lookout.query.language.TypeTerm;
import io.lookout.query.language.WildcardTerm;
import java.util.List;
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
        if (term instanceof WildcardTerm wildcard) {
            return wildcard.matches(tags.get(wildcard.key())) != wildcard.negated();
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
            // assigned: and is:bookmarked depend on who searches, lastSeen: and firstSeen: on when:
            // rules refuse them (RuleSpec)
            return false;
        }
        if (!text.phrase()) {
            return hasWords(message, culprit, text.text()) != text.negated();
        }
        return contains(message, culprit, text.text()) != text.negated();
    }

    /** A free word as the search finds it in a group's search words (the summary's here): each word a prefix of one. */
    private static boolean hasWords(String message, String culprit, String written) {
        List<String> words = List.of(SearchText.of(message, culprit, null).split(" "));
        return SearchText.ofQueryWord(written).stream()
                .allMatch(wanted -> words.stream().anyMatch(word -> word.startsWith(wanted)));
    }

    private static boolean contains(String message, String culprit, String text) {
        String needle = text.toLowerCase(Locale.ROOT);
        return message != null && message.toLowerCase(Locale.ROOT).contains(needle)
                || culprit != null && culprit.toLowerCase(Locale.ROOT).contains(needle);
    }
}
