package io.lookout.query;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.List;

/**
 * A native SQL statement assembled from fixed fragments, with every value bound as a numbered
 * parameter: text from a request never becomes SQL.
 */
final class Sql {

    private final StringBuilder text = new StringBuilder();
    private final List<Object> parameters = new ArrayList<>();
    private final Columns columns;

    Sql(String start) {
        this(null, start);
    }

    private Sql(Columns columns, String start) {
        this.columns = columns;
        text.append(start);
    }

    /** {@code SELECT} the columns, then {@code rest} ({@code FROM ...}): its rows are read by name ({@link #rows}). */
    static Sql select(Columns columns, String rest) {
        return new Sql(columns, "SELECT " + columns.list() + " " + rest);
    }

    /** Appends a fixed fragment written in this code base, never a value from a request. */
    Sql sql(String fragment) {
        text.append(fragment);
        return this;
    }

    /**
     * Appends the row limit to the statement itself ({@code FETCH FIRST n ROWS ONLY}, standard SQL
     * for H2 and PostgreSQL). {@code setMaxResults} on a native query only caps the rows the driver
     * reads: PostgreSQL then plans for every row, and sorts them all to return the first few.
     */
    Sql limit(int rows) {
        return sql(" FETCH FIRST ").value(rows).sql(" ROWS ONLY");
    }

    /** Appends a parameter placeholder bound to {@code value}. */
    Sql value(Object value) {
        parameters.add(value);
        text.append('?').append(parameters.size());
        return this;
    }

    Query query(EntityManager em) {
        return bind(em.createNativeQuery(text.toString()));
    }

    /** The rows of a statement begun with {@link #select}. */
    List<SqlRow> rows(EntityManager em) {
        if (columns == null) {
            throw new IllegalStateException("not a select of named columns: " + text);
        }
        return columns.rows(query(em).getResultList());
    }

    Query query(EntityManager em, Class<?> entity) {
        return bind(em.createNativeQuery(text.toString(), entity));
    }

    private Query bind(Query query) {
        for (int i = 0; i < parameters.size(); i++) {
            query.setParameter(i + 1, parameters.get(i));
        }
        return query;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
