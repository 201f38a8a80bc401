package io.lookout.it;

import static io.lookout.it.LookoutClient.awaitEvent;
import static io.lookout.it.LookoutClient.get;
import static io.lookout.it.LookoutClient.group;
import static io.lookout.it.LookoutClient.newId;
import static io.lookout.it.LookoutClient.send;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.it.LookoutClient.Reply;
import io.lookout.it.plugin.DeployProcessor;
import io.lookout.it.plugin.ExplodingProcessor;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A third party's processor jar, built against the SPI only, dropped into the EAR's {@code lib/}
 * as docs/processors.md tells admins: Lookout finds and uses it without any change of its own.
 */
@ExtendWith(ArquillianExtension.class)
class PluginIT {

    @ArquillianResource
    @OperateOnDeployment("lookout")
    private ManagementClient management;

    @Deployment(name = "lookout", order = 1, testable = false)
    static EnterpriseArchive lookoutWithPlugin() {
        JavaArchive plugin = ShrinkWrap.create(JavaArchive.class, "acme-processors.jar")
                .addClasses(DeployProcessor.class, ExplodingProcessor.class)
                .addAsManifestResource(
                        new StringAsset("<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\""
                                + " version=\"4.0\" bean-discovery-mode=\"annotated\"/>"),
                        "beans.xml");
        return Server.builtEar().addAsLibrary(plugin);
    }

    @Deployment(name = "probe", order = 2, testable = false)
    static WebArchive probe() {
        return Server.queueProbe();
    }

    @Test
    void eventsOfThePluginsTypeAreProcessedByIt() {
        String service = "cart-" + uniqueWord();
        String first = send("{\"type\": \"deploy\", \"data\": {\"service\": \"%s\", \"version\": \"1.2.3\"}}"
                        .formatted(service))
                .json()
                .getJsonArray("ids")
                .getString(0);
        JsonObject event = awaitEvent(first);
        assertEquals("Deployed " + service + " 1.2.3", event.getString("message"));
        assertEquals(service, event.getString("culprit"));
        assertEquals("1.2.3", event.getJsonObject("tags").getString("release"));
        // the plug-in describes no grouping: its checksum parts are shown as they are
        JsonObject part = event.getJsonArray("grouping").getJsonObject(0);
        assertEquals(1, event.getJsonArray("grouping").size());
        assertEquals("part 1", part.getString("part"));
        assertEquals(service, part.getString("value"));
        assertTrue(part.getBoolean("used"));

        String second = send("{\"type\": \"deploy\", \"data\": {\"service\": \"%s\", \"version\": \"1.2.4\"}}"
                        .formatted(service))
                .json()
                .getJsonArray("ids")
                .getString(0);
        long groupId = awaitEvent(second).getJsonNumber("groupId").longValue();
        assertEquals(event.getJsonNumber("groupId").longValue(), groupId);
        assertEquals(2, group(groupId).getInt("count"));
        assertEquals("Deployed " + service + " 1.2.4", group(groupId).getString("message"));

        JsonObject processors = get("/api/admin/system").json().getJsonObject("processors");
        assertEquals(DeployProcessor.class.getName(), processors.getString("deploy"));
    }

    @Test
    void thePluginsValidationAnswersTheSender() {
        Reply reply = send("{\"type\": \"deploy\", \"data\": {\"version\": \"1.2.3\"}}");
        assertEquals(400, reply.status());
        assertEquals("data.service", reply.json().getString("field"));
        assertEquals("data.service is required (deploy plug-in)", reply.json().getString("error"));
    }

    @Test
    void aMessageThatKeepsFailingIsRedeliveredThenDeadLettered() {
        String id = newId();
        String testCase = newId();
        Reply sent = LookoutClient.execute(
                HttpRequest.newBuilder(URI.create(LookoutClient.BASE + "/queue-probe/send?kind=text&project=1&key="
                                + LookoutClient.PROJECT_KEY + "&testCase=" + testCase))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"" + id + "\", \"type\": \"explode\"}")));
        assertEquals(200, sent.status(), sent.body());

        ModelNode dead = LookoutClient.await(
                () -> Server.deadLetters(management).stream()
                        .filter(m -> m.hasDefined("testCase")
                                && m.get("testCase").asString().equals(testCase))
                        .findFirst(),
                "the failing message on the dead-letter queue");
        // moved by Lookout's consumer at its second failure (lookout.ingest.max-delivery-attempts is 2 in
        // arquillian.xml), with the failure as its reason, not by the broker's backstop (50 deliveries)
        assertTrue(dead.hasDefined("lookoutError"), dead.toString());
        String reason = dead.get("lookoutError").asString();
        assertTrue(reason.startsWith("not stored after 2 attempts"), reason);
        assertTrue(reason.contains("the exploding test plug-in failed, as it always does"), reason);
        assertEquals(404, get("/api/1/events/" + id).status(), "nothing of it is stored");
        List<String> log = Server.serverLog();
        String messageId = sent.body().trim();
        assertTrue(
                log.stream()
                        .anyMatch(line -> line.contains("LOOKOUT0011")
                                && line.contains(messageId)
                                && line.contains("(delivery 2)")),
                "each failed attempt is logged with its number");
    }
}
