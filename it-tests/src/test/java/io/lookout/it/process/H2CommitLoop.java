package io.lookout.it.process;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;

/**
 * The child process of {@link H2CommitDurabilityIT}: commits batches of ten rows into an H2 file
 * for ever and prints the number of rows committed after each commit returns, until it is killed.
 * Arguments: the JDBC URL.
 */
public final class H2CommitLoop {

    /** Rows per commit. */
    static final int BATCH = 10;

    private H2CommitLoop() {}

    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection(args[0], "sa", "sa")) {
            connection
                    .createStatement()
                    .execute("CREATE TABLE IF NOT EXISTS committed (id BIGINT PRIMARY KEY, filler VARCHAR(200))");
            connection.setAutoCommit(false);
            PreparedStatement insert = connection.prepareStatement("INSERT INTO committed VALUES (?, ?)");
            for (long id = 0; ; ) {
                for (int i = 0; i < BATCH; i++) {
                    insert.setLong(1, ++id);
                    insert.setString(2, "x".repeat(100));
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
                System.out.println(id);
                System.out.flush();
            }
        }
    }
}
