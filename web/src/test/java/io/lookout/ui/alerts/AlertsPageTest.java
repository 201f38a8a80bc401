package io.lookout.ui.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The rule form as the JSON of API.md "Alerts", and the form field a service's problem names. */
class AlertsPageTest {

    @Test
    void aNewRuleWithAddressesAndAWebhook() {
        AlertsPage.Form form = new AlertsPage.Form();
        form.reset();
        form.setName("Checkout");
        form.setQuery("  url:/checkout ");
        form.setEmails("ops@example.com, dev@example.com\nops@example.com;  qa@example.com ");
        form.setWebhookUrl(" https://hooks.example.com/x ");
        form.setWebhookFormat("slack");
        JsonObject json = form.json().build();
        assertEquals("Checkout", json.getString("name"));
        assertEquals("new-group", json.getString("trigger"));
        assertTrue(json.isNull("view"));
        assertEquals("url:/checkout", json.getString("query"));
        assertFalse(json.containsKey("threshold"), "no threshold for new-group");
        assertEquals(4, json.getJsonArray("email").size(), "the service removes duplicates");
        assertEquals(
                "https://hooks.example.com/x", json.getJsonObject("webhook").getString("url"));
        assertEquals("slack", json.getJsonObject("webhook").getString("format"));
        assertEquals(30, json.getInt("quietMinutes"));
        assertTrue(json.getBoolean("enabled"));
        assertEquals("en", json.getString("language"));
    }

    @Test
    void aFrequencyRuleHasAThresholdAndNoWebhook() {
        AlertsPage.Form form = new AlertsPage.Form();
        form.reset();
        form.setName("Busy");
        form.setTrigger("view-frequency");
        form.setView("checkout");
        form.setThresholdEvents(50);
        form.setThresholdMinutes(10);
        form.setEmailMembers(true);
        form.setWebhookUrl("  ");
        JsonObject json = form.json().build();
        assertTrue(form.isCounts());
        assertEquals("checkout", json.getString("view"));
        assertEquals(50, json.getJsonObject("threshold").getInt("events"));
        assertEquals(10, json.getJsonObject("threshold").getInt("minutes"));
        assertTrue(json.isNull("webhook"));
        assertTrue(json.getBoolean("emailMembers"));
        assertEquals(0, json.getJsonArray("email").size());
    }

    @Test
    void problemsAreShownAtTheirField() {
        assertEquals("webhookUrl", AlertsPage.component("webhook.url"));
        assertEquals("webhookUrl", AlertsPage.component("webhook"));
        assertEquals("emails", AlertsPage.component("email[3]"));
        assertEquals("thresholdEvents", AlertsPage.component("threshold"));
        assertEquals("thresholdMinutes", AlertsPage.component("threshold.minutes"));
        assertEquals("query", AlertsPage.component("query"));
        assertEquals("name", AlertsPage.component(null));
        assertEquals("name", AlertsPage.component("somethingElse"));
    }
}
