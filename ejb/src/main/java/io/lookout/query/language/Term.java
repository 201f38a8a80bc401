package io.lookout.query.language;

/**
 * One condition of a {@link Query}. A query matches an event (or group) when every one of its terms
 * matches; there is no {@code OR} and no grouping.
 *
 * <p>The kinds of term, as written in a query:
 * <ul>
 *   <li>{@link TagTerm} — {@code key:value}, {@code key:"a value"}, {@code !key:value}</li>
 *   <li>{@link HasTerm} — {@code has:key}, {@code !has:key}</li>
 *   <li>{@link TypeTerm} — {@code type:exception}, {@code !type:message}</li>
 *   <li>{@link StatusTerm} — {@code is:unresolved}, {@code is:resolved}, {@code is:ignored}, negated with {@code !}</li>
 *   <li>{@link AssignedTerm} — {@code assigned:me}, {@code assigned:none}, {@code assigned:USER}, negated with {@code !}</li>
 *   <li>{@link BookmarkedTerm} — {@code is:bookmarked}, negated with {@code !}</li>
 *   <li>{@link WildcardTerm} — {@code url:/checkout/*}, {@code !url:*admin*}</li>
 *   <li>{@link TimeTerm} — {@code lastSeen:-24h}, {@code firstSeen:+7d}, {@code lastSeen:>2026-12-01}</li>
 *   <li>{@link TextTerm} — a bare word {@code timeout} or a phrase {@code "connection reset"}, negated with {@code !}</li>
 * </ul>
 *
 * <p>Every term carries a {@code negated} flag: {@code true} when the term was written with a leading
 * {@code !}, which inverts the condition.
 *
 * @see QueryParser the full grammar
 */
public sealed interface Term
        permits TagTerm,
                WildcardTerm,
                TimeTerm,
                HasTerm,
                TypeTerm,
                StatusTerm,
                AssignedTerm,
                BookmarkedTerm,
                TextTerm {}
