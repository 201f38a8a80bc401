package io.lookout.schema;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.List;

/**
 * A native SQL statement assembled from fixed fragments, with every value bound as a numbered
 * parameter: text from a request never becomes SQL.
 */
public final class Sql {

    private final StringBuilder text = new StringBuilder();
    private final List<Object> parameters = new ArrayList<>();
    private final Columns columns;

    public Sql(String start) {
        this(null, start);
    }

    private Sql(Columns columns, String start) {
        this.columns = columns;
        text.append(start);
    }

    /** {@code SELECT} the columns, then {@code rest} ({@code FROM ...}): its rows are read by name ({@link #rows}). */
    public static Sql select(Columns columns, String rest) {
        return new Sql(columns, "SELECT " + columns.list() + " " + rest);
    }

    /** Appends a fixed fragment written in this code base, never a value from a request. */
    public Sql sql(String fragment) {
        text.append(fragment);
        return this;
    }

    /**
     * Appends the row limit to the statement itself ({@code FETCH FIRST n ROWS ONLY}, standard SQL
     * for H2 and PostgreSQL). {@code setMaxResults} on a native query only caps the rows the driver
     * reads: PostgreSQL then plans for every row, and sorts them all to return the first few.
     */
    public Sql limit(int rows) {
        return sql(" FETCH FIRST ").value(rows).sql(" ROWS ONLY");
    }

    /** Appends a parameter placeholder bound to {@code value}. */
    public Sql value(Object value) {
        parameters.add(value);
        text.append('?').append(parameters.size());
        return this;
    }

    public Query query(EntityManager em) {
        return bound(em.createNativeQuery(text.toString()));
    }

    /** The rows of a statement begun with {@link #select}. */
    public List<SqlRow> rows(EntityManager em) {
        if (columns == null) {
            throw new IllegalStateException("not a select of named columns: " + text);
        }
        return columns.rows(query(em).getResultList());
    }

    public Query query(EntityManager em, Class<?> entity) {
        return bound(em.createNativeQuery(text.toString(), entity));
    }

    private Query bound(Query query) {
        for (int i = 0; i < parameters.size(); i++) {
            query.setParameter(i + 1, parameters.get(i));
        }
        return query;
    }

    /**
     * A typed {@code VALUES} list of numbered parameters for a native query,
     * {@code (VALUES (CAST(?1 AS t1), CAST(?2 AS t2)), (...))}: typed, so that PostgreSQL knows every
     * column's type.
     */
    public static String values(int rows, String... types) {
        StringBuilder text = new StringBuilder("(VALUES ");
        int parameter = 1;
        for (int r = 0; r < rows; r++) {
            text.append(r == 0 ? "(" : ", (");
            for (int c = 0; c < types.length; c++) {
                text.append(c == 0 ? "" : ", ")
                        .append("CAST(?")
                        .append(parameter++)
                        .append(" AS ")
                        .append(types[c])
                        .append(')');
            }
            text.append(')');
        }
        return text.append(')').toString();
    }

    /** Binds {@code parameters} to the numbered parameters {@code ?1, ?2, ...} of a native query. */
    public static Query bind(Query query, Object... parameters) {
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query;
    }

    /** Numbered parameters {@code ?first, ?first+1, ...}, {@code count} of them, for an {@code IN (...)} list. */
    public static String placeholders(int count, int first) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : ", ").append('?').append(first + i);
        }
        return text.toString();
    }

    /** Binds {@code values} to the numbered parameters from {@code ?first} on (see {@link #placeholders}). */
    public static Query in(Query query, List<Long> values, int first) {
        for (int i = 0; i < values.size(); i++) {
            query.setParameter(first + i, values.get(i));
        }
        return query;
    }

    /** {@code list} in consecutive views of at most {@code size} elements: bounded statements. */
    public static <T> List<List<T>> chunks(List<T> list, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < list.size(); i += size) {
            chunks.add(list.subList(i, Math.min(list.size(), i + size)));
        }
        return chunks;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
