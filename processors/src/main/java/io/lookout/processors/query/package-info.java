/**
 * The built-in {@code query} processor: SQL query logs grouped by statement fingerprint.
 *
 * <p>{@link io.lookout.processors.query.QueryProcessor} is the CDI bean; the package-private
 * {@code SqlLexer} and {@code SqlNormalizer} turn a statement into its fingerprint in linear time
 * (see {@code docs/processors-query.md}).
 */
package io.lookout.processors.query;
