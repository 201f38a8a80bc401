package io.lookout.project;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.scrubbing.ScrubCounts;
import io.lookout.scrubbing.ScrubbingRules;
import io.lookout.security.Audit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;

/** A project's settings: retention in days, the data keys that become tags, and scrubbing. */
@ApplicationScoped
@Transactional
public class ProjectSettings {

    public static final int MAX_FILTERABLE_KEYS = 20;
    public static final int MAX_RETENTION_DAYS = 3650;
    public static final int MAX_SCRUBBING_KEYS = 100;
    public static final int MAX_SCRUBBING_KEY_LENGTH = 100;

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private Audit audit;

    @Inject
    private Event<ProjectChanged> changes;

    @Inject
    private ScrubCounts scrubCounts;

    public Settings get(Project project) {
        ScrubbingRules rules = project.getScrubbing();
        return new Settings(
                project.getId(),
                project.getSlug(),
                project.getName(),
                project.getRetentionDays(),
                project.getFilterableDataKeys(),
                new Settings.ScrubbingSettings(
                        rules.enabled(),
                        rules.extraSensitiveKeys(),
                        rules.safeKeys(),
                        rules.keepIpAddresses(),
                        ScrubbingRules.DEFAULT_SENSITIVE_KEYS,
                        scrubCounts.count(project.getId())));
    }

    /** Applies the change ({@link SettingsChange#of} checked it); nothing changes unless it is all applied. */
    public Settings update(long projectId, SettingsChange change) throws Problem {
        Project project = require(projectId);
        List<String> changed = new ArrayList<>();
        ScrubbingRules newScrubbing =
                change.scrubbing() == null ? null : change.scrubbing().applyTo(project.getScrubbing());
        if (newScrubbing != null && !newScrubbing.equals(project.getScrubbing())) {
            changed.add("scrubbing " + describe(project.getScrubbing()) + " → " + describe(newScrubbing));
            project.setScrubbing(newScrubbing);
            changes.fire(new ProjectChanged(projectId));
        }
        if (change.filterableDataKeys() != null) {
            if (!change.filterableDataKeys().equals(project.getFilterableDataKeys())) {
                changed.add("filterable data keys " + project.getFilterableDataKeys() + " → "
                        + change.filterableDataKeys());
            }
            project.setFilterableDataKeys(change.filterableDataKeys());
            changes.fire(new ProjectChanged(projectId));
        }
        if (change.retentionDays() != null) {
            if (change.retentionDays() != project.getRetentionDays()) {
                changed.add("retention " + project.getRetentionDays() + " → " + change.retentionDays() + " days");
            }
            project.setRetentionDays(change.retentionDays());
        }
        audit.record(
                "project.settings",
                "project " + projectId,
                changed.isEmpty() ? "nothing changed" : String.join("; ", changed));
        return get(project);
    }

    private Project require(long projectId) throws Problem {
        Project project = em.find(Project.class, projectId);
        if (project == null) {
            throw Problem.notFound(ProblemCode.NO_PROJECT, projectId);
        }
        return project;
    }

    private static String describe(ScrubbingRules rules) {
        return "{" + (rules.enabled() ? "on" : "off") + ", sensitive keys " + rules.extraSensitiveKeys()
                + ", safe keys " + rules.safeKeys() + ", keep IP addresses " + rules.keepIpAddresses() + "}";
    }
}
