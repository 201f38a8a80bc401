package io.lookout.processors.query;

/**
 * The result of {@link SqlNormalizer#normalize}.
 *
 * @param sql the fingerprint: the statement with literals, comments and list lengths removed;
 *     empty when the text held no SQL (only comments or semicolons)
 * @param statement {@code select}, {@code insert}, {@code update}, {@code delete} or {@code other}
 * @param culprit the statement's verb and first table ({@code select users}, {@code insert
 *     orders}), the verb alone ({@code select}, {@code set}) or {@code null} when there is no verb
 */
record NormalizedQuery(String sql, String statement, String culprit) {}
