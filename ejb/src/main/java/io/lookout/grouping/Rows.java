package io.lookout.grouping;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one multi-row statement ({@code INSERT ... VALUES (...), (...)}, {@code MERGE ... USING
 * (VALUES ...)}, {@code ... IN ((...), (...))}) for many rows: the row template's {@code ?} become
 * numbered parameters, every value is bound, and rows are sent in chunks that stay well under the
 * databases' parameter limits. One round trip writes a whole chunk.
 */
final class Rows {

    /** Parameters per statement (PostgreSQL's protocol allows 65,535). */
    static final int MAX_PARAMETERS = 8_000;

    private final String prefix;
    private final String row;
    private final String suffix;
    private final int columns;

    /**
     * @param prefix the statement up to the first row
     * @param row one row with a {@code ?} per value, e.g. {@code (?, CAST(? AS BIGINT))}
     * @param suffix the statement after the last row
     */
    Rows(String prefix, String row, String suffix) {
        this.prefix = prefix;
        this.row = row;
        this.suffix = suffix;
        this.columns = (int) row.chars().filter(c -> c == '?').count();
    }

    /** Executes the statement for the rows, each an array of {@code columns} values. */
    void execute(EntityManager em, List<Object[]> rows) {
        for (List<Object[]> chunk : chunks(rows)) {
            query(em, chunk).executeUpdate();
        }
    }

    /** Executes a statement that returns rows ({@code RETURNING}, {@code SELECT}) and collects them. */
    List<Object[]> fetch(EntityManager em, List<Object[]> rows) {
        List<Object[]> result = new ArrayList<>();
        for (List<Object[]> chunk : chunks(rows)) {
            for (Object row : query(em, chunk).getResultList()) {
                result.add(row instanceof Object[] values ? values : new Object[] {row});
            }
        }
        return result;
    }

    private List<List<Object[]>> chunks(List<Object[]> rows) {
        int size = Math.max(1, MAX_PARAMETERS / Math.max(1, columns));
        List<List<Object[]>> chunks = new ArrayList<>();
        for (int start = 0; start < rows.size(); start += size) {
            chunks.add(rows.subList(start, Math.min(rows.size(), start + size)));
        }
        return chunks;
    }

    private Query query(EntityManager em, List<Object[]> rows) {
        Query query = em.createNativeQuery(sql(rows.size()));
        int parameter = 1;
        for (Object[] values : rows) {
            if (values.length != columns) {
                throw new IllegalArgumentException("a row needs " + columns + " values, not " + values.length);
            }
            for (Object value : values) {
                query.setParameter(parameter++, value);
            }
        }
        return query;
    }

    String sql(int rows) {
        StringBuilder sql = new StringBuilder(prefix.length() + suffix.length() + rows * (row.length() + 24));
        sql.append(prefix);
        int parameter = 1;
        for (int r = 0; r < rows; r++) {
            if (r > 0) {
                sql.append(", ");
            }
            for (int i = 0; i < row.length(); i++) {
                char c = row.charAt(i);
                sql.append(c);
                if (c == '?') {
                    sql.append(parameter++);
                }
            }
        }
        return sql.append(suffix).toString();
    }
}
