package io.lookout.bench.endpoints;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.sql.DataSource;

/**
 * What the ingest benchmark measures beside Lookout, from outside it: the storage ceiling (plain
 * JDBC batch inserts of event rows and their tag links into Lookout's own database, without its
 * processing or aggregates — the most this database takes on this machine), the events stored so
 * far, the queue's depth, and emptying the queue. It reaches Lookout's datasource by its JNDI name
 * and the queue and the consumer through WildFly's management beans; it writes only to its own
 * scratch tables, which it empties afterwards.
 */
@ApplicationScoped
public class BenchCeilings {

    /** The event queue's management bean (Artemis in WildFly's platform MBean server). */
    static final String QUEUE_MBEAN = "org.apache.activemq.artemis:broker=\"default\",component=addresses,"
            + "address=\"jms.queue.LookoutEvents\",subcomponent=queues,routing-type=\"anycast\",queue=\"jms.queue.LookoutEvents\"";

    /** Lookout's datasource, H2 or PostgreSQL as the server was configured (ear/src/main/wildfly). */
    @Resource(lookup = "java:jboss/datasources/LookoutDS")
    private DataSource dataSource;

    /**
     * Empties the event queue: the benchmark starts its next phase on an empty queue when the time
     * it gives a burst's drain ran out (docs/benchmarks.md). The consumer's delivery is stopped
     * first (through WildFly's management beans, when they are exposed), so that the messages its
     * sessions had fetched ahead go back to the queue and are removed too; then started again. The
     * removed events are lost: this is why it exists only here.
     */
    public long purgeEventQueue() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            Set<ObjectName> consumers = server.queryNames(
                    new ObjectName("jboss.as:subsystem=ejb3,message-driven-bean=EventConsumer,*"), null);
            for (ObjectName consumer : consumers) {
                server.invoke(consumer, "stopDelivery", new Object[0], new String[0]);
            }
            try {
                return ((Number) server.invoke(
                                new ObjectName(QUEUE_MBEAN), "removeAllMessages", new Object[0], new String[0]))
                        .longValue();
            } finally {
                for (ObjectName consumer : consumers) {
                    server.invoke(consumer, "startDelivery", new Object[0], new String[0]);
                }
            }
        } catch (JMException e) {
            throw new IllegalStateException("the event queue could not be emptied: " + e.getMessage(), e);
        }
    }

    /**
     * The storage ceiling: {@code events} rows with {@code tagsPerEvent} links each, committed every
     * {@code batchSize} events; a JSON object with the events, the milliseconds and the rate.
     */
    public String storage(int events, int tagsPerEvent, int batchSize, int dataChars) {
        if (events < 1
                || events > 1_000_000
                || tagsPerEvent < 0
                || tagsPerEvent > 50
                || batchSize < 1
                || dataChars < 0) {
            throw new IllegalArgumentException("events 1..1000000, tags 0..50, batch >= 1, dataChars >= 0");
        }
        String data = "{\"pad\":\"" + "x".repeat(dataChars) + "\"}";
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE TABLE IF NOT EXISTS bench_event (id BIGINT PRIMARY KEY, project_id BIGINT NOT NULL,"
                        + " event_id CHAR(32) NOT NULL, group_id BIGINT NOT NULL, type VARCHAR(64) NOT NULL,"
                        + " checksum CHAR(32) NOT NULL, occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                        + " received_at TIMESTAMP WITH TIME ZONE NOT NULL, message VARCHAR(1000) NOT NULL,"
                        + " tags VARCHAR(1048576) NOT NULL, data VARCHAR(1048576) NOT NULL)");
                ddl.execute(
                        "CREATE TABLE IF NOT EXISTS bench_event_tag (tag_value_id BIGINT NOT NULL, event_id BIGINT NOT NULL,"
                                + " PRIMARY KEY (tag_value_id, event_id))");
                ddl.execute("DELETE FROM bench_event_tag");
                ddl.execute("DELETE FROM bench_event");
            }
            connection.setAutoCommit(false);
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            long start = System.nanoTime();
            try (PreparedStatement event = connection.prepareStatement(
                            "INSERT INTO bench_event VALUES (?, 1, ?, ?, 'message', ?, ?, ?, ?, ?, ?)");
                    PreparedStatement tag = connection.prepareStatement("INSERT INTO bench_event_tag VALUES (?, ?)")) {
                for (int i = 1; i <= events; i++) {
                    event.setLong(1, i);
                    event.setString(2, String.format("%032x", i));
                    event.setLong(3, i % 10_000);
                    event.setString(4, String.format("%032x", i % 10_000));
                    event.setObject(5, now);
                    event.setObject(6, now);
                    event.setString(7, "Benchmark event " + (i % 10_000));
                    event.setString(8, "{\"server\":\"web-" + (i % 50) + "\"}");
                    event.setString(9, data);
                    event.addBatch();
                    for (int t = 0; t < tagsPerEvent; t++) {
                        tag.setLong(1, (long) t * 100_000 + i % 1000);
                        tag.setLong(2, i);
                        tag.addBatch();
                    }
                    if (i % batchSize == 0 || i == events) {
                        event.executeBatch();
                        tag.executeBatch();
                        connection.commit();
                    }
                }
            }
            long nanos = System.nanoTime() - start;
            connection.setAutoCommit(true);
            try (Statement cleanup = connection.createStatement()) {
                cleanup.execute("DELETE FROM bench_event_tag");
                cleanup.execute("DELETE FROM bench_event");
            }
            return String.format(
                    Locale.ROOT,
                    "{\"events\":%d,\"millis\":%d,\"eventsPerSecond\":%s}",
                    events,
                    nanos / 1_000_000,
                    events / (nanos / 1e9));
        } catch (SQLException e) {
            throw new IllegalStateException("storage ceiling failed: " + e.getMessage(), e);
        }
    }

    /**
     * Events stored in their groups: the sum of the groups' counts, which the consumer's transaction
     * adds to as it commits (on a fresh database, what Lookout's {@code lookout_events_processed_total}
     * counts). One read of the benchmark's at most 10,000 groups, cheap enough for the load driver's ten
     * reads a second, where a Prometheus scrape of the whole registry cost the server tens of milliseconds.
     */
    public long storedEvents() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet sum = statement.executeQuery("SELECT COALESCE(SUM(times_seen), 0) FROM event_group")) {
            sum.next();
            return sum.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("the stored events could not be counted: " + e.getMessage(), e);
        }
    }

    /** Messages waiting in the event queue; -1 when the broker does not say. */
    public long queueDepth() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            return ((Number) server.getAttribute(new ObjectName(QUEUE_MBEAN), "MessageCount")).longValue();
        } catch (JMException e) {
            return -1;
        }
    }
}
