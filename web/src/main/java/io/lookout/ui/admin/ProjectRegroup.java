package io.lookout.ui.admin;

import io.lookout.Problem;
import io.lookout.regroup.RegroupJob;
import io.lookout.regroup.RegroupJobs;
import io.lookout.regroup.RegroupRequest;
import io.lookout.security.Roles;
import io.lookout.ui.session.Messages;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;
import java.io.Serializable;
import java.security.Principal;
import java.util.List;

/**
 * The "Regroup past events" section of a project's administration page: the number of days, a
 * button that queues a regroup job (with a confirmation), its progress while it runs (the page polls)
 * and what it changed. The project is the page's ({@link ProjectAdmin}).
 */
@Named
@ViewScoped
public class ProjectRegroup implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The form's id: the answers are shown beside it. */
    static final String FORM = "regroup";

    @Inject
    private ProjectAdmin page;

    @Inject
    private transient RegroupJobs jobs;

    @Inject
    private transient SecurityContext security;

    @Inject
    private transient Messages messages;

    @Inject
    private transient Feedback feedback;

    private Integer days = RegroupRequest.DEFAULT_DAYS;
    private RegroupJob job;
    private boolean loaded;

    /** The project's newest job (read once per request cycle of the section; {@link #refresh()} reads again). */
    public RegroupJob getJob() throws Problem {
        if (!loaded) {
            refresh();
        }
        return job;
    }

    /** Reads the newest job again: the poll's listener. */
    public void refresh() throws Problem {
        requireAdmin();
        Long project = page.getProject();
        List<RegroupJob> newest = project == null ? List.of() : jobs.list(project);
        job = newest.isEmpty() ? null : newest.get(0);
        loaded = true;
    }

    /** Whether the newest job is queued or running: the page polls while it is. */
    public boolean isActive() throws Problem {
        RegroupJob current = getJob();
        return current != null && current.active();
    }

    /** Queues a regroup of the chosen days. */
    public void regroup() throws Problem {
        requireAdmin();
        try {
            Principal user = security.getCallerPrincipal();
            RegroupJob queued =
                    jobs.request(page.getProject(), RegroupRequest.of(days), user == null ? null : user.getName());
            feedback.info(FORM, "admin.regroup.queued", queued.id());
        } catch (Problem problem) {
            feedback.problem(FORM, problem);
        }
        refresh();
    }

    /** Cancels the queued or running job. */
    public void cancel() throws Problem {
        requireAdmin();
        try {
            RegroupJob cancelled = jobs.cancel(page.getProject());
            feedback.info(FORM, "admin.regroup.cancelled", cancelled.id());
        } catch (Problem problem) {
            feedback.problem(FORM, problem);
        }
        refresh();
    }

    /** The job's state in words, with its progress while it runs. */
    public String status() throws Problem {
        RegroupJob current = getJob();
        if (current == null) {
            return messages.get("admin.regroup.none");
        }
        return messages.get(
                "admin.regroup.state." + current.state(),
                current.id(),
                current.examined(),
                current.total(),
                current.days());
    }

    /** What the job changed so far (or in all, once finished). */
    public String result() throws Problem {
        RegroupJob current = getJob();
        if (current == null) {
            return "";
        }
        return messages.get(
                "admin.regroup.result",
                current.examined(),
                current.moved(),
                current.groupsCreated(),
                current.groupsJoined(),
                current.groupsEmptied());
    }

    private void requireAdmin() throws Problem {
        if (!security.isCallerInRole(Roles.ADMIN)) {
            throw Problem.notFound("administration");
        }
    }

    public Integer getDays() {
        return days;
    }

    public void setDays(Integer days) {
        this.days = days;
    }
}
