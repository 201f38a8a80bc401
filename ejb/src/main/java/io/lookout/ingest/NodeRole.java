package io.lookout.ingest;

import java.util.Locale;

/**
 * What a node of a cluster does with events, from {@code lookout.node.role} (docs/deploy.md, "Node
 * roles"): {@code edge} accepts events and does not consume the event queue, {@code consumer}
 * consumes the queue and refuses events with 503, {@code both} (the default) does both. The
 * consuming side is switched by the platform: the event consumer is in WildFly's MDB delivery group
 * {@code lookout-consumer}, which {@code node-role.cli} deactivates on an edge node; this value
 * decides the accepting side.
 */
public enum NodeRole {
    EDGE,
    CONSUMER,
    BOTH;

    /** The role named {@code text} ({@code edge}, {@code consumer} or {@code both}, any case). */
    public static NodeRole of(String text) {
        for (NodeRole role : values()) {
            if (role.key().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return role;
            }
        }
        throw new IllegalArgumentException("lookout.node.role must be edge, consumer or both, not '" + text + "'");
    }

    /** The role's name in the configuration. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean acceptsEvents() {
        return this != CONSUMER;
    }

    public boolean consumesEvents() {
        return this != EDGE;
    }
}
