package io.lookout.schema;

import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The select list of a native query, written once: the statement is written from it and each row
 * is read by column name ({@link SqlRow}), never by position. A column's name is its alias
 * ({@code SUM(times_seen) AS events}) or the column itself without its table ({@code vg.times_seen}
 * is {@code times_seen}); names are unique within a list.
 */
public final class Columns {

    private final String[] expressions;
    private final String list;
    private final Map<String, Integer> positions;

    public Columns(String... expressions) {
        this.expressions = expressions.clone();
        this.list = String.join(", ", expressions);
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < expressions.length; i++) {
            if (names.put(name(expressions[i]), i) != null) {
                throw new IllegalArgumentException("two columns named " + name(expressions[i]) + " in " + list);
            }
        }
        this.positions = Map.copyOf(names);
    }

    /** These columns and more after them (a query that reads what another does, and something besides). */
    public Columns and(String... more) {
        String[] all = java.util.Arrays.copyOf(expressions, expressions.length + more.length);
        System.arraycopy(more, 0, all, expressions.length, more.length);
        return new Columns(all);
    }

    /** The select list, for the statement: {@code vg.id, g.type, SUM(times_seen) AS events}. */
    public String list() {
        return list;
    }

    /** The rows of a query of these columns (a single column's query answers bare values). */
    public List<SqlRow> rows(List<?> results) {
        List<SqlRow> rows = new ArrayList<>(results.size());
        for (Object result : results) {
            rows.add(new SqlRow(this, result instanceof Object[] values ? values : new Object[] {result}));
        }
        return rows;
    }

    /**
     * Runs {@code SELECT <these columns> <rest>} with {@code parameters} bound to {@code ?1, ?2, ...}
     * of {@code rest}, and reads its rows by name.
     */
    public List<SqlRow> select(EntityManager em, String rest, Object... parameters) {
        return rows(Sql.bind(em.createNativeQuery("SELECT " + list + " " + rest), parameters)
                .getResultList());
    }

    public int position(String name) {
        Integer position = positions.get(name);
        if (position == null) {
            throw new IllegalArgumentException("no column " + name + " in " + list);
        }
        return position;
    }

    private static String name(String expression) {
        String trimmed = expression.strip();
        int alias = trimmed.toUpperCase(Locale.ROOT).lastIndexOf(" AS ");
        String name = alias >= 0 ? trimmed.substring(alias + 4) : trimmed.substring(trimmed.lastIndexOf('.') + 1);
        return name.strip().toLowerCase(Locale.ROOT);
    }
}
