package io.lookout.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The base of the integration tests against Lookout as shipped: the EAR the build produced,
 * deployed unchanged on the managed WildFly of {@code arquillian.xml} (deployment
 * {@value #LOOKOUT}), tested from outside as a client ({@code testable = false}). A test class
 * that needs a helper deployment beside it (a queue or lease probe) declares that one itself,
 * named and with a later {@code order}; a class that deploys a different EAR (PluginIT) does not
 * extend this.
 */
@ExtendWith(ArquillianExtension.class)
abstract class LookoutIT {

    /** The name of the EAR's deployment, for {@code @OperateOnDeployment}. */
    static final String LOOKOUT = "lookout";

    /** The managed server's management model: queue depths, dead letters, system properties, timers. */
    @ArquillianResource
    @OperateOnDeployment(LOOKOUT)
    ManagementClient management;

    @Deployment(name = LOOKOUT, order = 1, testable = false)
    static EnterpriseArchive lookout() {
        return Server.lookoutEar();
    }
}
