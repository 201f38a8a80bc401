package io.lookout.ui.alerts;

import io.lookout.JsonFactories;
import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.alerts.AlertHistory;
import io.lookout.alerts.AlertRule;
import io.lookout.alerts.AlertRules;
import io.lookout.alerts.Dispatcher;
import io.lookout.alerts.NotificationInfo;
import io.lookout.alerts.RuleSpec;
import io.lookout.alerts.Trigger;
import io.lookout.grouping.GroupStatus;
import io.lookout.query.GroupRows;
import io.lookout.query.Search;
import io.lookout.security.Roles;
import io.lookout.ui.Pages;
import io.lookout.ui.session.Messages;
import io.lookout.views.View;
import io.lookout.views.Views;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.security.enterprise.SecurityContext;
import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.primefaces.PrimeFaces;

/**
 * The alert rules of a project (API.md "Alerts"): members see the rules and their history; admins
 * also create, change, switch on and off, test and delete them. A webhook's secret is shown once,
 * in a dialog, right after the rule that got it was saved. The form previews which groups the
 * scope (view, query) matches now.
 */
@Named
@ViewScoped
public class AlertsPage implements Serializable {

    private static final long serialVersionUID = 1L;
    static final int HISTORY = 50;
    static final int PREVIEW = 10;
    static final List<String> TRIGGERS =
            Arrays.stream(Trigger.values()).map(Trigger::wire).toList();

    @Inject
    private transient AlertRules alertRules;

    @Inject
    private transient AlertHistory alertHistory;

    @Inject
    private transient Dispatcher dispatcher;

    @Inject
    private transient Search search;

    @Inject
    private transient Views views;

    @Inject
    private transient SecurityContext security;

    @Inject
    private transient Messages messages;

    private Long project;
    private Long rule;
    private String projectName;
    private List<RuleRow> rules = List.of();
    private List<ViewOption> viewOptions = List.of();
    private List<HistoryRow> history = List.of();

    // the form: open or not, the rule it edits (null: a new one)
    private boolean formOpen;
    private Long editing;
    private final Form form = new Form();
    private List<PreviewRow> preview;
    private String previewError;

    // the secret of the rule just saved, shown once
    private String secret;
    private String secretRule;

    /** A rule as the list shows it. */
    public record RuleRow(
            long id,
            String name,
            String trigger,
            int thresholdEvents,
            int thresholdMinutes,
            String view,
            String viewName,
            String query,
            List<String> emails,
            boolean emailMembers,
            String language,
            String webhookUrl,
            String webhookFormat,
            int quietMinutes,
            boolean enabled,
            String lastState,
            Instant lastAt,
            int failed)
            implements Serializable {

        public boolean isCounts() {
            return thresholdEvents > 0;
        }
    }

    /** A view to scope a rule to. */
    public record ViewOption(String slug, String name) implements Serializable {}

    /** A line of a rule's history. */
    public record HistoryRow(
            long id,
            Instant createdAt,
            String trigger,
            String state,
            String reason,
            Long groupId,
            String summary,
            Long events,
            NotificationInfo.DispatchChannel email,
            NotificationInfo.DispatchChannel webhook)
            implements Serializable {}

    /** A group the scope matches now. */
    public record PreviewRow(
            long groupId, GroupStatus status, String type, String message, long count, Instant lastSeen)
            implements Serializable {}

    public void load() throws IOException {
        if (project == null) {
            Pages.sendError(400, "error.missingParameter", "project");
            return;
        }
        try {
            projectName = search.readable(project).getName();
        } catch (Problem problem) {
            Pages.notFound("error.noProject", String.valueOf(project));
            return;
        }
        try {
            reload();
        } catch (Problem problem) {
            Pages.notFound("error.noProject", String.valueOf(project));
        }
    }

    private void reload() throws Problem {
        search.readable(project);
        List<ViewOption> options = new ArrayList<>();
        for (View view : views.list(project)) {
            options.add(new ViewOption(view.getSlug(), view.getName()));
        }
        viewOptions = options;
        List<RuleRow> rows = new ArrayList<>();
        for (AlertRule r : alertRules.list(project)) {
            List<AlertHistory.Entry> recent = alertHistory.list(r.id(), 20);
            AlertHistory.Entry last = recent.isEmpty() ? null : recent.get(0);
            int failed = (int)
                    recent.stream().filter(e -> "failed".equals(e.state())).count();
            rows.add(new RuleRow(
                    r.id(),
                    r.name(),
                    r.trigger().wire(),
                    r.thresholdEvents(),
                    r.thresholdMinutes(),
                    r.viewSlug(),
                    viewName(r.viewSlug()),
                    r.query(),
                    r.emails(),
                    r.emailMembers(),
                    r.language(),
                    r.webhookUrl(),
                    r.webhookFormat(),
                    r.quietMinutes(),
                    r.enabled(),
                    last == null ? null : last.state(),
                    last == null ? null : last.createdAt().toInstant(),
                    failed));
        }
        rules = rows;
        if (rule != null && rows.stream().noneMatch(r -> r.id() == rule)) {
            rule = null;
        }
        if (rule == null && !rows.isEmpty()) {
            rule = rows.get(0).id();
        }
        loadHistory();
    }

    private void loadHistory() {
        if (rule == null) {
            history = List.of();
            return;
        }
        List<HistoryRow> rows = new ArrayList<>();
        for (AlertHistory.Entry e : alertHistory.list(rule, HISTORY)) {
            rows.add(new HistoryRow(
                    e.id(),
                    e.createdAt().toInstant(),
                    e.trigger(),
                    e.state(),
                    reason(e.reason()),
                    e.groupId(),
                    e.summary(),
                    e.events(),
                    NotificationInfo.DispatchChannel.of(e.email()),
                    NotificationInfo.DispatchChannel.of(e.webhook())));
        }
        history = rows;
    }

    /** Why a notification was suppressed, in the page's language when the reason is a known one. */
    private String reason(String reason) {
        String key = reason == null ? null : REASONS.get(reason);
        return key == null ? reason : messages.get(key);
    }

    static final java.util.Map<String, String> REASONS = java.util.Map.of(
            "rule disabled", "alerts.reason.disabled",
            "group muted", "alerts.reason.muted",
            "quiet period", "alerts.reason.quiet",
            "cap", "alerts.reason.cap",
            "cap (counted)", "alerts.reason.capCounted",
            "nothing suppressed", "alerts.reason.nothing");

    private String viewName(String slug) {
        if (slug == null) {
            return null;
        }
        return viewOptions.stream()
                .filter(v -> v.slug().equals(slug))
                .map(ViewOption::name)
                .findFirst()
                .orElse(slug);
    }

    /** Shows a rule's history. */
    public void select(long ruleId) throws Problem {
        rule = ruleId;
        reload();
    }

    /** Live refresh of the list and the history. */
    public void refresh() throws Problem {
        reload();
    }

    // --- admins only -------------------------------------------------------------------------

    public void newRule() throws Problem {
        requireAdmin();
        editing = null;
        form.reset();
        formOpen = true;
        updatePreview();
    }

    public void edit(long ruleId) throws Problem {
        requireAdmin();
        AlertRule r = alertRules.require(project, ruleId);
        editing = r.id();
        form.name = r.name();
        form.trigger = r.trigger().wire();
        form.view = r.viewSlug();
        form.query = r.query();
        form.thresholdEvents = r.trigger().counts() ? r.thresholdEvents() : 100;
        form.thresholdMinutes = r.trigger().counts() ? r.thresholdMinutes() : 60;
        form.emails = String.join(", ", r.emails());
        form.emailMembers = r.emailMembers();
        form.language = r.language();
        form.webhookUrl = r.webhookUrl();
        form.webhookFormat = r.webhookFormat() == null ? "json" : r.webhookFormat();
        form.quietMinutes = r.quietMinutes();
        form.enabled = r.enabled();
        formOpen = true;
        updatePreview();
    }

    public void cancel() {
        formOpen = false;
        editing = null;
        preview = null;
        previewError = null;
    }

    public void save() throws Problem {
        requireAdmin();
        try {
            // the form as the API's body, so that it is checked as the API checks it (RuleSpec.of)
            RuleSpec spec = RuleSpec.of(form.json().build());
            AlertRules.WithSecret saved =
                    editing == null ? alertRules.create(project, spec) : alertRules.update(project, editing, spec);
            messages.info(
                    editing == null ? "alerts.created" : "alerts.saved",
                    saved.rule().name());
            formOpen = false;
            editing = null;
            rule = saved.rule().id();
            if (saved.secret() != null) {
                secret = saved.secret();
                secretRule = saved.rule().name();
                PrimeFaces.current().executeScript("PF('secretDialog').show()");
            }
        } catch (Problem problem) {
            messages.problem("editor:" + component(problem.field()), problem);
        }
        reload();
    }

    /** Forgets the secret once its dialog is closed: it is never shown again. */
    public void secretSeen() {
        secret = null;
        secretRule = null;
    }

    public void enable(long ruleId, boolean enabled) throws Problem {
        requireAdmin();
        AlertRule r = alertRules.enable(project, ruleId, enabled);
        messages.info(enabled ? "alerts.enabled.on" : "alerts.enabled.off", r.name());
        reload();
    }

    public void delete(long ruleId) throws Problem {
        requireAdmin();
        AlertRule r = alertRules.require(project, ruleId);
        alertRules.delete(project, ruleId);
        messages.info("alerts.deleted", r.name());
        if (Objects.equals(editing, ruleId)) {
            cancel();
        }
        reload();
    }

    /** Sends a test notification now and shows how it went; the history shows it too. */
    public void test(long ruleId) throws Problem {
        requireAdmin();
        AlertRule r = alertRules.require(project, ruleId);
        long dispatch;
        try {
            dispatch = dispatcher.test(project, ruleId);
        } catch (Problem problem) {
            messages.problem(null, problem);
            reload();
            return;
        }
        rule = ruleId;
        reload();
        AlertHistory.Entry entry = alertHistory.list(ruleId, 20).stream()
                .filter(e -> e.dispatchId() != null && e.dispatchId() == dispatch)
                .findFirst()
                .orElse(null);
        String state = entry == null ? "sending" : entry.state();
        String errors = entry == null ? "" : errors(entry);
        switch (state) {
            case "sent" -> messages.info("alerts.test.sent", r.name());
            case "failed" -> messages.error(null, messages.get("alerts.test.failed", r.name(), errors));
            case "retrying" -> messages.warn("alerts.test.retrying", r.name(), errors);
            default -> messages.info("alerts.test.sending", r.name());
        }
    }

    private static String errors(AlertHistory.Entry entry) {
        List<String> errors = new ArrayList<>();
        if (entry.email() != null && entry.email().error() != null) {
            errors.add(entry.email().error());
        }
        if (entry.webhook() != null && entry.webhook().error() != null) {
            errors.add(entry.webhook().error());
        }
        return String.join("; ", errors);
    }

    /** The groups the form's scope matches now: the latest seen first. */
    public void updatePreview() {
        previewError = null;
        preview = null;
        try {
            search.readable(project);
            GroupRows.Page page =
                    search.groupRows(project, blank(form.view), blank(form.query), "lastSeen", null, null, PREVIEW);
            List<PreviewRow> rows = new ArrayList<>();
            for (GroupRows.Row row : page.rows()) {
                rows.add(new PreviewRow(
                        row.groupId(), row.status(), row.type(), row.message(), row.count(), row.lastSeen()));
            }
            preview = rows;
        } catch (Problem problem) {
            previewError = messages.describe(problem);
        }
    }

    private void requireAdmin() throws Problem {
        if (!security.isCallerInRole(Roles.ADMIN)) {
            throw Problem.notFound(ProblemCode.ADMINS_ONLY);
        }
    }

    /** The form field a problem names (threshold.events, webhook.url, email[2] ...), as the component's id. */
    static String component(String field) {
        if (field == null) {
            return "name";
        }
        String f = field.replaceAll("\\[\\d+]$", "");
        return switch (f) {
            case "threshold", "threshold.events" -> "thresholdEvents";
            case "threshold.minutes" -> "thresholdMinutes";
            case "email" -> "emails";
            case "emailMembers" -> "emailMembers";
            case "webhook", "webhook.url" -> "webhookUrl";
            case "webhook.format" -> "webhookFormat";
            case "name", "trigger", "view", "query", "language", "quietMinutes" -> f;
            default -> "name";
        };
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** The rule being created or changed. */
    public static class Form implements Serializable {

        private static final long serialVersionUID = 1L;

        private String name;
        private String trigger;
        private String view;
        private String query;
        private Integer thresholdEvents;
        private Integer thresholdMinutes;
        private String emails;
        private boolean emailMembers;
        private String language;
        private String webhookUrl;
        private String webhookFormat;
        private Integer quietMinutes;
        private boolean enabled;

        void reset() {
            name = null;
            trigger = Trigger.NEW_GROUP.wire();
            view = null;
            query = null;
            thresholdEvents = 100;
            thresholdMinutes = 60;
            emails = null;
            emailMembers = false;
            language = "en";
            webhookUrl = null;
            webhookFormat = "json";
            quietMinutes = 30;
            enabled = true;
        }

        JsonObjectBuilder json() {
            JsonObjectBuilder json = JsonFactories.BUILDERS
                    .createObjectBuilder()
                    .add("name", name == null ? "" : name)
                    .add("trigger", trigger == null ? "" : trigger);
            if (blank(view) == null) {
                json.addNull("view");
            } else {
                json.add("view", view);
            }
            if (blank(query) == null) {
                json.addNull("query");
            } else {
                json.add("query", query.strip());
            }
            if (isCounts()) {
                JsonObjectBuilder threshold = JsonFactories.BUILDERS.createObjectBuilder();
                if (thresholdEvents != null) {
                    threshold.add("events", thresholdEvents);
                }
                if (thresholdMinutes != null) {
                    threshold.add("minutes", thresholdMinutes);
                }
                json.add("threshold", threshold);
            }
            JsonArrayBuilder addresses = JsonFactories.BUILDERS.createArrayBuilder();
            if (emails != null) {
                Arrays.stream(emails.split("[,;\\s]+"))
                        .map(String::strip)
                        .filter(a -> !a.isEmpty())
                        .forEach(addresses::add);
            }
            json.add("email", addresses)
                    .add("emailMembers", emailMembers)
                    .add("language", language == null ? "en" : language);
            if (blank(webhookUrl) == null) {
                json.addNull("webhook");
            } else {
                json.add(
                        "webhook",
                        JsonFactories.BUILDERS
                                .createObjectBuilder()
                                .add("url", webhookUrl.strip())
                                .add("format", webhookFormat == null ? "json" : webhookFormat));
            }
            if (quietMinutes != null) {
                json.add("quietMinutes", quietMinutes);
            }
            return json.add("enabled", enabled);
        }

        public boolean isCounts() {
            return Trigger.of(trigger).map(Trigger::counts).orElse(false);
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getTrigger() {
            return trigger;
        }

        public void setTrigger(String trigger) {
            this.trigger = trigger;
        }

        public String getView() {
            return view;
        }

        public void setView(String view) {
            this.view = view;
        }

        public String getQuery() {
            return query;
        }

        public void setQuery(String query) {
            this.query = query;
        }

        public Integer getThresholdEvents() {
            return thresholdEvents;
        }

        public void setThresholdEvents(Integer thresholdEvents) {
            this.thresholdEvents = thresholdEvents;
        }

        public Integer getThresholdMinutes() {
            return thresholdMinutes;
        }

        public void setThresholdMinutes(Integer thresholdMinutes) {
            this.thresholdMinutes = thresholdMinutes;
        }

        public String getEmails() {
            return emails;
        }

        public void setEmails(String emails) {
            this.emails = emails;
        }

        public boolean isEmailMembers() {
            return emailMembers;
        }

        public void setEmailMembers(boolean emailMembers) {
            this.emailMembers = emailMembers;
        }

        public String getLanguage() {
            return language;
        }

        public void setLanguage(String language) {
            this.language = language;
        }

        public String getWebhookUrl() {
            return webhookUrl;
        }

        public void setWebhookUrl(String webhookUrl) {
            this.webhookUrl = webhookUrl;
        }

        public String getWebhookFormat() {
            return webhookFormat;
        }

        public void setWebhookFormat(String webhookFormat) {
            this.webhookFormat = webhookFormat;
        }

        public Integer getQuietMinutes() {
            return quietMinutes;
        }

        public void setQuietMinutes(Integer quietMinutes) {
            this.quietMinutes = quietMinutes;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    public boolean isAdmin() {
        return security.isCallerInRole(Roles.ADMIN);
    }

    public List<String> getTriggers() {
        return TRIGGERS;
    }

    public List<String> getLanguages() {
        return List.of("en", "de");
    }

    public List<String> getFormats() {
        return List.of("json", "slack");
    }

    public RuleRow getSelected() {
        return rules.stream()
                .filter(r -> rule != null && r.id() == rule)
                .findFirst()
                .orElse(null);
    }

    public Long getProject() {
        return project;
    }

    public void setProject(Long project) {
        this.project = project;
    }

    public Long getRule() {
        return rule;
    }

    public void setRule(Long rule) {
        this.rule = rule;
    }

    public String getProjectName() {
        return projectName;
    }

    public List<RuleRow> getRules() {
        return rules;
    }

    public List<ViewOption> getViewOptions() {
        return viewOptions;
    }

    public List<HistoryRow> getHistory() {
        return history;
    }

    public boolean isFormOpen() {
        return formOpen;
    }

    public Long getEditing() {
        return editing;
    }

    public Form getForm() {
        return form;
    }

    public List<PreviewRow> getPreview() {
        return preview;
    }

    public String getPreviewError() {
        return previewError;
    }

    public String getSecret() {
        return secret;
    }

    public String getSecretRule() {
        return secretRule;
    }
}
