package io.lookout.system;

import io.lookout.event.EventMessages;
import io.lookout.health.ReadinessProbe;
import io.lookout.schema.SchemaMigration;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Local;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/** Answers the readiness check: does the database answer (with the schema migrated), does the queue. */
@Singleton
@Local(ReadinessProbe.class)
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ReadinessProbeBean implements ReadinessProbe {

    @Resource
    private DataSource dataSource;

    @Resource
    private ConnectionFactory connectionFactory;

    @Resource(lookup = EventMessages.QUEUE)
    private Queue queue;

    @Inject
    private SchemaMigration schema;

    @Override
    public Map<String, String> check() {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("database", database());
        checks.put("queue", queue());
        return checks;
    }

    private String database() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2) ? "UP" : "the database does not answer";
        } catch (Exception e) {
            return "the database does not answer: " + e.getMessage();
        }
    }

    private String queue() {
        try (JMSContext context = connectionFactory.createContext();
                QueueBrowser browser = context.createBrowser(queue)) {
            browser.getEnumeration();
            return "UP";
        } catch (Exception e) {
            return "the event queue does not answer: " + e.getMessage();
        }
    }
}
