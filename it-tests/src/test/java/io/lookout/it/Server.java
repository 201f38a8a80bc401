package io.lookout.it;

import io.lookout.it.probe.QueueProbeServlet;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The deployments under test and what the tests read from the server's management model. */
final class Server {

    private Server() {}

    /** The EAR the build produced, unchanged: deployed once for the run ({@link SharedDeployment}). */
    static EnterpriseArchive lookoutEar() {
        return SharedDeployment.shared(builtEar());
    }

    /** The EAR the build produced, unchanged, for a class to deploy as its own (with additions). */
    static EnterpriseArchive builtEar() {
        String path = System.getProperty("lookout.ear");
        if (path == null || !new File(path).isFile()) {
            throw new IllegalStateException("system property lookout.ear must name the built EAR, is " + path);
        }
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(path));
    }

    /** A small test-only web application that puts messages on the event queue as an enterprise application would. */
    static WebArchive queueProbe() {
        return ShrinkWrap.create(WebArchive.class, "queue-probe.war").addClass(QueueProbeServlet.class);
    }

    /** The lines of the managed server's log. */
    static List<String> serverLog() {
        try {
            return java.nio.file.Files.readAllLines(
                    java.nio.file.Path.of(System.getProperty("jboss.home"), "standalone", "log", "server.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Messages on the event queue, including those being delivered. */
    static long eventQueueDepth(ManagementClient management) {
        return queueAttribute(management, "LookoutEvents", "message-count").asLong();
    }

    /** Polls until every message on the event queue has been consumed and committed. */
    static void awaitQueueDrained(ManagementClient management) {
        LookoutClient.await(
                () -> eventQueueDepth(management) == 0 ? Optional.of(true) : Optional.empty(),
                "the event queue to drain");
    }

    /** The event queue's delay before a rolled-back message is delivered again (its first retry). */
    static long redeliveryDelayMillis(ManagementClient management) {
        ModelNode op = new ModelNode();
        op.get("operation").set("read-attribute");
        op.get("name").set("redelivery-delay");
        ModelNode address = op.get("address");
        address.add("subsystem", "messaging-activemq");
        address.add("server", "default");
        address.add("address-setting", "jms.queue.LookoutEvents");
        return execute(management, op).asLong();
    }

    /** The messages on the dead-letter queue with their properties. */
    static List<ModelNode> deadLetters(ManagementClient management) {
        ModelNode op = queueOperation("LookoutEventsDLQ", "list-messages");
        return execute(management, op).asList();
    }

    /**
     * The timers of the bean {@code RetentionTimer} in the deployed EAR, each with its {@code id}
     * and the timer's runtime attributes ({@code info}, {@code schedule}, {@code time-remaining}, ...).
     */
    static List<ModelNode> retentionTimers(ManagementClient management) {
        ModelNode op = new ModelNode();
        op.get("operation").set("read-children-resources");
        op.get("child-type").set("timer");
        op.get("include-runtime").set(true);
        op.get("address").set(retentionTimerService());
        List<ModelNode> timers = new java.util.ArrayList<>();
        for (org.jboss.dmr.Property timer : execute(management, op).asPropertyList()) {
            ModelNode described = timer.getValue().clone();
            described.get("id").set(timer.getName());
            timers.add(described);
        }
        return timers;
    }

    /** Fires a timer now, through the container's timer service, as its schedule would. */
    static void triggerTimer(ManagementClient management, String id) {
        ModelNode op = new ModelNode();
        op.get("operation").set("trigger");
        ModelNode address = retentionTimerService();
        address.add("timer", id);
        op.get("address").set(address);
        execute(management, op);
    }

    private static ModelNode retentionTimerService() {
        ModelNode address = new ModelNode();
        address.add("deployment", "lookout.ear");
        address.add("subdeployment", "lookout-ejb.jar");
        address.add("subsystem", "ejb3");
        address.add("singleton-bean", "RetentionTimer");
        address.add("service", "timer-service");
        return address;
    }

    private static ModelNode queueAttribute(ManagementClient management, String queue, String attribute) {
        ModelNode op = queueOperation(queue, "read-attribute");
        op.get("name").set(attribute);
        return execute(management, op);
    }

    private static ModelNode queueOperation(String queue, String operation) {
        ModelNode op = new ModelNode();
        op.get("operation").set(operation);
        ModelNode address = op.get("address");
        address.add("subsystem", "messaging-activemq");
        address.add("server", "default");
        address.add("jms-queue", queue);
        return op;
    }

    private static ModelNode execute(ManagementClient management, ModelNode op) {
        try {
            ModelNode result = management.getControllerClient().execute(op);
            if (!"success".equals(result.get("outcome").asString())) {
                throw new IllegalStateException(op + " failed: " + result);
            }
            return result.get("result");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
