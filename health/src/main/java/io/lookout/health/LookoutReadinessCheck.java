package io.lookout.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /health/ready}: UP only when Lookout is deployed, its schema is migrated, and both the
 * database and the event queue answer.
 */
@Readiness
@ApplicationScoped
public class LookoutReadinessCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("lookout");
        Map<String, String> checks;
        try {
            checks = ((ReadinessProbe) new InitialContext().lookup(ReadinessProbe.JNDI_NAME)).check();
        } catch (NamingException | RuntimeException e) {
            return response.down()
                    .withData("deployment", "Lookout is not (yet) deployed: " + e)
                    .build();
        }
        boolean up = true;
        for (Map.Entry<String, String> check : checks.entrySet()) {
            response.withData(check.getKey(), check.getValue());
            up &= "UP".equals(check.getValue());
        }
        return response.status(up).build();
    }
}
