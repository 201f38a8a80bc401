package io.lookout.it.probe;

import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Test-only: plays a second Lookout node on the same database, with its own JDBC connections
 * (Lookout's datasource, outside Lookout): {@code PUT /lease-probe/lease?holder=..&seconds=..}
 * takes or renews the cleanup lease as that holder for that long, exactly as a node's
 * {@code UPDATE node_lease} does (unconditionally: the test decides); {@code GET} answers
 * {@code holder|validUntil}. Works on H2 (whose file the test JVM cannot open) and on PostgreSQL.
 */
@WebServlet("/lease")
public class LeaseProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Resource(lookup = "java:jboss/datasources/LookoutDS")
    private DataSource dataSource;

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Instant until = Instant.now().plusSeconds(Long.parseLong(request.getParameter("seconds")));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE node_lease SET holder = ?, valid_until = ? WHERE name = 'retention'")) {
            update.setString(1, request.getParameter("holder"));
            update.setTimestamp(2, Timestamp.from(until));
            response.setContentType("text/plain");
            response.getWriter().write(Integer.toString(update.executeUpdate()));
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT holder, valid_until FROM node_lease WHERE name = 'retention'");
                ResultSet row = select.executeQuery()) {
            response.setContentType("text/plain");
            if (row.next()) {
                Timestamp until = row.getTimestamp(2);
                response.getWriter()
                        .write(row.getString(1) + "|"
                                + (until == null ? "" : until.toInstant().toString()));
            }
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }
}
