package io.lookout.grouping;

import jakarta.persistence.EntityManager;
import java.util.List;

/**
 * One SQL statement run for all the rows of a batch, on the EntityManager's connection (the
 * caller's transaction). Each row is an array with one value per column of the statement.
 * {@link Rows} binds a multi-row {@code VALUES} list (portable); {@link ArrayRows} binds one array
 * per column (PostgreSQL).
 */
interface BatchStatement {

    /** Executes the statement for the rows. */
    void execute(EntityManager em, List<Object[]> rows);

    /** Executes a statement that returns rows ({@code RETURNING}, {@code SELECT}) and collects them. */
    List<Object[]> fetch(EntityManager em, List<Object[]> rows);
}
