package io.lookout.ingest;

import io.lookout.event.IngestException;
import io.lookout.operations.LookoutLog;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This node's {@link NodeRole}, read once at start (an unknown value fails the deployment) and
 * logged ({@code LOOKOUT0125}).
 */
@ApplicationScoped
public class ThisNode {

    @Inject
    @ConfigProperty(name = "lookout.node.role", defaultValue = "both")
    private String configured;

    private NodeRole role;

    @PostConstruct
    void init() {
        role = NodeRole.of(configured);
    }

    void started(@Observes Startup startup) {
        LookoutLog.LOG.nodeRole(
                role.key(),
                role.acceptsEvents() ? "accepts" : "refuses (503)",
                role.consumesEvents() ? "consumes" : "does not consume");
    }

    public NodeRole role() {
        return role;
    }

    /**
     * Refuses a request to accept events on a {@code consumer} node.
     *
     * @throws IngestException 503 naming the role
     */
    public void requireAcceptsEvents() throws IngestException {
        if (!role.acceptsEvents()) {
            throw new IngestException(
                    503,
                    null,
                    "this node's role is '" + role.key() + "' (lookout.node.role): it does not accept events;"
                            + " send them to a node whose role is 'edge' or 'both'");
        }
    }
}
