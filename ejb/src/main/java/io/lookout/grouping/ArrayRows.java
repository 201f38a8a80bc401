package io.lookout.grouping;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL: one statement for all the rows of a batch, with one array parameter per column,
 * taken apart by {@code unnest}. The statement's text is the same whatever the number of rows, so
 * the driver prepares it once per connection and PostgreSQL parses it once; a multi-row
 * {@code VALUES} list ({@link Rows}) has a new text for each row count, parsed and planned again,
 * and binds thousands of parameters (what that cost: docs/architecture.md, *One statement text per table*).
 *
 * <p>The SQL holds {@code {rows}} where the rows go, e.g.
 * {@code INSERT INTO t (a, b) SELECT r.a, r.b FROM {rows} AS r(a, b)}; it becomes
 * {@code unnest(CAST(? AS BIGINT[]), CAST(? AS TEXT[]))}. {@code unnest} returns the rows in
 * the order of the arrays, so an {@code INSERT ... SELECT} locks rows in the order they are given.
 */
final class ArrayRows implements BatchStatement {

    /** The type of a column, as cast in the SQL and as bound. */
    enum Column {
        BIGINT("BIGINT[]", "int8"),
        DOUBLE("DOUBLE PRECISION[]", "float8"),
        TEXT("TEXT[]", "text"),
        /** {@code CHAR(32)} columns (ids, checksums, hashes): compared as {@code CHAR}, so their indexes serve. */
        CHAR32("CHAR(32)[]", "text"),
        /** Bound as text in ISO form, read by PostgreSQL as {@code TIMESTAMP WITH TIME ZONE}. */
        TIMESTAMPTZ("TIMESTAMP WITH TIME ZONE[]", "text");

        final String cast;
        final String element;

        Column(String cast, String element) {
            this.cast = cast;
            this.element = element;
        }

        /** Typed, so that the driver sends numbers in binary. */
        Object[] newArray(int length) {
            switch (this) {
                case BIGINT:
                    return new Long[length];
                case DOUBLE:
                    return new Double[length];
                default:
                    return new String[length];
            }
        }
    }

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSXXX");

    private final String sql;
    private final Column[] columns;

    ArrayRows(String sql, Column... columns) {
        if (!sql.contains("{rows}")) {
            throw new IllegalArgumentException("the SQL needs {rows}: " + sql);
        }
        StringBuilder unnest = new StringBuilder("unnest(");
        for (int i = 0; i < columns.length; i++) {
            unnest.append(i > 0 ? ", " : "")
                    .append("CAST(? AS ")
                    .append(columns[i].cast)
                    .append(')');
        }
        this.sql = sql.replace("{rows}", unnest.append(')'));
        this.columns = columns.clone();
    }

    String sql() {
        return sql;
    }

    @Override
    public void execute(EntityManager em, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = prepare(Rows.connection(em), rows)) {
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException(e.getMessage(), e);
        }
    }

    @Override
    public List<Object[]> fetch(EntityManager em, List<Object[]> rows) {
        List<Object[]> result = new ArrayList<>();
        if (rows.isEmpty()) {
            return result;
        }
        try (PreparedStatement statement = prepare(Rows.connection(em), rows);
                ResultSet found = statement.executeQuery()) {
            Rows.collect(found, result);
        } catch (SQLException e) {
            throw new PersistenceException(e.getMessage(), e);
        }
        return result;
    }

    private PreparedStatement prepare(Connection connection, List<Object[]> rows) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (Object[] row : rows) {
                if (row.length != columns.length) {
                    throw new IllegalArgumentException("a row needs " + columns.length + " values, not " + row.length);
                }
            }
            for (int c = 0; c < columns.length; c++) {
                Object[] values = columns[c].newArray(rows.size());
                for (int r = 0; r < values.length; r++) {
                    values[r] = value(columns[c], rows.get(r)[c]);
                }
                Array array = connection.createArrayOf(columns[c].element, values);
                statement.setArray(c + 1, array);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /** A value as its column's array holds it. */
    static Object value(Column column, Object value) {
        if (value == null) {
            return null;
        }
        switch (column) {
            case BIGINT:
                return ((Number) value).longValue();
            case DOUBLE:
                return ((Number) value).doubleValue();
            case TIMESTAMPTZ:
                return utc((OffsetDateTime) value);
            default:
                return value.toString();
        }
    }

    /**
     * {@link #ISO} of the time in UTC, written digit by digit: the formatter was a thirtieth of the
     * server's CPU at full ingest (docs/benchmarks.md, session 25). Years outside 0–9999 go through it.
     */
    static String utc(OffsetDateTime time) {
        OffsetDateTime utc =
                time.getOffset().equals(ZoneOffset.UTC) ? time : time.withOffsetSameInstant(ZoneOffset.UTC);
        int year = utc.getYear();
        if (year < 0 || year > 9999) {
            return ISO.format(utc);
        }
        char[] text = new char[27];
        digits(text, 0, year, 4);
        text[4] = '-';
        digits(text, 5, utc.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, utc.getDayOfMonth(), 2);
        text[10] = ' ';
        digits(text, 11, utc.getHour(), 2);
        text[13] = ':';
        digits(text, 14, utc.getMinute(), 2);
        text[16] = ':';
        digits(text, 17, utc.getSecond(), 2);
        text[19] = '.';
        digits(text, 20, utc.getNano() / 1000, 6);
        text[26] = 'Z';
        return new String(text);
    }

    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
