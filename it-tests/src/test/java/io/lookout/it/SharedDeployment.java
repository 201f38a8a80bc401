package io.lookout.it;

import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.deployment.Deployment;
import org.jboss.arquillian.container.spi.client.deployment.DeploymentDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.context.annotation.DeploymentScoped;
import org.jboss.arquillian.container.spi.event.DeployDeployment;
import org.jboss.arquillian.container.spi.event.UnDeployDeployment;
import org.jboss.arquillian.container.spi.event.container.BeforeStop;
import org.jboss.arquillian.core.api.InstanceProducer;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.EventContext;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.shrinkwrap.api.Archive;

/**
 * Deploys Lookout's EAR once for all the test classes of a run instead of once per class (an Arquillian
 * extension, registered in {@code META-INF/services}). Every class extending {@link LookoutIT} declares
 * the same deployment, the EAR as built ({@link Server#lookoutEar()}); deploying and undeploying it for
 * each of some fifty classes cost several minutes of each CI pass. The first such class deploys it; the
 * others find it deployed and get the same protocol metadata (its URL), as if they had deployed it; it is
 * undeployed when the container stops. A class that deploys a different archive under the same name
 * ({@link PluginIT}, the EAR with a plug-in) first has the shared one undeployed, and the next class
 * deploys it again. Helper deployments beside it (queue and lease probes) come and go per class as before.
 *
 * <p>What a shared deployment changes for the tests: the application's in-memory state (rate-limit
 * buckets, caches, metrics) lives from one class to the next, as the database always has. Tests assert
 * on their own projects, users and deltas, not on a fresh application.
 */
public class SharedDeployment implements LoadableExtension {

    /**
     * The archive {@link Server#lookoutEar()} made last: the shared deployment as the class being set up
     * (or torn down) declared it. Arquillian makes a class's deployment just before deploying it and
     * undeploys it before the next class's is made, so the latest one is the one its events carry. Only
     * the latest is kept: the EAR is 14 MB, and a set of every class's copy would hold them all.
     */
    private static volatile Archive<?> latest;

    /** Marks an archive as the shared deployment; answers it. */
    static <A extends Archive<?>> A shared(A archive) {
        latest = archive;
        return archive;
    }

    private static boolean isShared(Archive<?> archive) {
        return archive != null && archive == latest;
    }

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(Keeper.class);
    }

    /**
     * Observes deployments inside Arquillian's deployment context (a lower precedence than the context
     * handler's), so that a skipped deployment can still leave what the real one leaves in that context.
     */
    public static class Keeper {

        /** The shared archive as deployed, and what its deployment answered; null while none is. */
        private static Archive<?> deployed;

        private static ProtocolMetaData deployedMetaData;

        @Inject
        @DeploymentScoped
        private InstanceProducer<DeploymentDescription> description;

        @Inject
        @DeploymentScoped
        private InstanceProducer<Deployment> deployment;

        @Inject
        @DeploymentScoped
        private InstanceProducer<ProtocolMetaData> metaData;

        public void deploy(@Observes(precedence = -100) EventContext<DeployDeployment> context)
                throws DeploymentException {
            DeployDeployment event = context.getEvent();
            Deployment declared = event.getDeployment();
            DeploymentDescription declaredDescription = declared.getDescription();
            Archive<?> archive = declaredDescription.isArchiveDeployment() ? declaredDescription.getArchive() : null;
            boolean shared = isShared(archive);
            if (shared && deployed != null) {
                description.set(declaredDescription);
                deployment.set(declared);
                metaData.set(deployedMetaData);
                declared.deployed();
                return;
            }
            if (!shared
                    && deployed != null
                    && archive != null
                    && archive.getName().equals(deployed.getName())) {
                event.getDeployableContainer().undeploy(deployed);
                deployed = null;
                deployedMetaData = null;
            }
            context.proceed();
            if (shared && declared.isDeployed()) {
                deployed = archive;
                deployedMetaData = metaData.get();
            }
        }

        public void undeploy(@Observes(precedence = -100) EventContext<UnDeployDeployment> context) {
            DeploymentDescription declared = context.getEvent().getDeployment().getDescription();
            if (deployed != null && declared.isArchiveDeployment() && isShared(declared.getArchive())) {
                return; // stays for the next class; undeployed when the container stops
            }
            context.proceed();
        }

        public void stop(@Observes BeforeStop event) throws DeploymentException {
            if (deployed != null) {
                Archive<?> archive = deployed;
                deployed = null;
                deployedMetaData = null;
                event.getDeployableContainer().undeploy(archive);
            }
        }
    }
}
