package io.lookout.alerts;

import java.util.Arrays;
import java.util.Optional;

/** What makes a rule fire (docs/alerts.md); {@link #wire()} is the name in the API. */
public enum Trigger {
    /** A group's first event (or, for a rule on a view, the first event of a view group). */
    NEW_GROUP("new-group"),
    /** An event for a resolved group, which reopens it. */
    REGRESSION("regression"),
    /** A group gets at least N events in M minutes. */
    FREQUENCY("frequency"),
    /** The rule's scope (a view, a query, or the project) gets at least N events in M minutes. */
    VIEW_FREQUENCY("view-frequency"),
    /**
     * The project's events are refused by a quota (events a minute, the spike rule, events a day):
     * once per limit and window. Raised by the quota flush, not by stored batches; project-wide only.
     */
    QUOTA_REACHED("quota-reached");

    private final String wire;

    Trigger(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean counts() {
        return this == FREQUENCY || this == VIEW_FREQUENCY;
    }

    public static Optional<Trigger> of(String wire) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(wire)).findFirst();
    }
}
