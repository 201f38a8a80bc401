package io.lookout.grouping;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one multi-row statement ({@code INSERT ... VALUES (...), (...)}, {@code MERGE ... USING
 * (VALUES ...)}, {@code ... IN ((...), (...))}) for many rows: every value is bound as a parameter,
 * and rows are sent in chunks that stay well under the databases' parameter limits. One round trip
 * writes a whole chunk.
 *
 * <p>The statement runs on the EntityManager's own connection, in its transaction, as a JDBC
 * prepared statement: EclipseLink's native-query translation looks for the quote before each
 * parameter from the start of the SQL, which is quadratic in the number of parameters and made a
 * 1,000-row statement cost more than the database's work on it (docs/benchmarks.md).
 *
 * <p>A chunk holds one of a few numbers of rows ({@link #CHUNK_ROWS}), so that the statement's text
 * repeats from batch to batch: H2 keeps a connection's parsed statements by their text
 * ({@code QUERY_CACHE_SIZE} in {@code datasource-h2.cli}) and parses a repeated one once, where a
 * text with the batch's own number of rows was parsed again for every batch (5.5 % of the server's
 * CPU at capacity: docs/benchmarks.md, session 26).
 */
final class Rows implements BatchStatement {

    /** Parameters per statement (PostgreSQL's protocol allows 65,535). */
    static final int MAX_PARAMETERS = 8_000;

    /**
     * The rows a chunk may hold, largest first: a batch of any size is a few statements of these
     * sizes, and a connection sees at most four texts of each statement (the parsed statements H2
     * keeps stay small: 85 rows of parameters per statement and connection).
     */
    static final int[] CHUNK_ROWS = {64, 16, 4, 1};

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

    @Override
    public void execute(EntityManager em, List<Object[]> rows) {
        Connection connection = connection(em);
        for (List<Object[]> chunk : chunks(rows)) {
            try (PreparedStatement statement = prepare(connection, chunk)) {
                statement.executeUpdate();
            } catch (SQLException e) {
                throw new PersistenceException(e.getMessage(), e);
            }
        }
    }

    @Override
    public List<Object[]> fetch(EntityManager em, List<Object[]> rows) {
        Connection connection = connection(em);
        List<Object[]> result = new ArrayList<>();
        for (List<Object[]> chunk : chunks(rows)) {
            try (PreparedStatement statement = prepare(connection, chunk);
                    ResultSet found = statement.executeQuery()) {
                collect(found, result);
            } catch (SQLException e) {
                throw new PersistenceException(e.getMessage(), e);
            }
        }
        return result;
    }

    /** Adds each row of {@code found} to {@code result}, as an array of its column values. */
    static void collect(ResultSet found, List<Object[]> result) throws SQLException {
        int width = found.getMetaData().getColumnCount();
        while (found.next()) {
            Object[] values = new Object[width];
            for (int i = 0; i < width; i++) {
                values[i] = found.getObject(i + 1);
            }
            result.add(values);
        }
    }

    /** The connection of the EntityManager's transaction (the caller's JTA transaction). */
    static Connection connection(EntityManager em) {
        Connection connection = em.unwrap(Connection.class);
        if (connection == null) {
            throw new IllegalStateException("no connection: the store runs inside a transaction");
        }
        return connection;
    }

    /** The rows in order, cut into chunks of {@link #CHUNK_ROWS} sizes, each the largest that fits. */
    List<List<Object[]>> chunks(List<Object[]> rows) {
        int most = Math.max(1, MAX_PARAMETERS / Math.max(1, columns));
        List<List<Object[]>> chunks = new ArrayList<>();
        for (int start = 0, size; start < rows.size(); start += size) {
            size = chunkRows(rows.size() - start, most);
            chunks.add(rows.subList(start, start + size));
        }
        return chunks;
    }

    private static int chunkRows(int left, int most) {
        for (int rows : CHUNK_ROWS) {
            if (rows <= left && rows <= most) {
                return rows;
            }
        }
        return 1;
    }

    private PreparedStatement prepare(Connection connection, List<Object[]> rows) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql(rows.size()));
        int parameter = 1;
        for (Object[] values : rows) {
            if (values.length != columns) {
                statement.close();
                throw new IllegalArgumentException("a row needs " + columns + " values, not " + values.length);
            }
            for (Object value : values) {
                statement.setObject(parameter++, value);
            }
        }
        return statement;
    }

    String sql(int rows) {
        StringBuilder sql = new StringBuilder(prefix.length() + suffix.length() + rows * (row.length() + 2));
        sql.append(prefix);
        for (int r = 0; r < rows; r++) {
            if (r > 0) {
                sql.append(", ");
            }
            sql.append(row);
        }
        return sql.append(suffix).toString();
    }
}
