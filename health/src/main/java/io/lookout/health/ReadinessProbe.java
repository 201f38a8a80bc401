package io.lookout.health;

import java.util.Map;

/**
 * What Lookout itself says about its readiness: implemented by a singleton EJB in the ejb module
 * and bound at {@link #JNDI_NAME}, so that the health check (which WildFly only discovers in the
 * EAR's {@code lib/}) can reach it.
 */
public interface ReadinessProbe {

    /** The global JNDI name of the implementation in the deployed EAR. */
    String JNDI_NAME = "java:global/lookout/lookout-ejb/ReadinessProbeBean!io.lookout.health.ReadinessProbe";

    /**
     * One entry per dependency ({@code database}, {@code queue}): {@code "UP"}, or a sentence saying
     * what is wrong.
     */
    Map<String, String> check();
}
