package io.lookout.triage;

import io.lookout.Problem;
import io.lookout.query.GroupDetails;
import io.lookout.query.Search;
import io.lookout.schema.TransientFailures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import java.security.Principal;
import java.util.List;

/**
 * Merge and split (docs/grouping.md, "Merge and split"): merging groups of one type moves every event
 * of the others to the first and leaves them as aliases of their checksums, so that new events of
 * those checksums join the merged group; splitting gives each alias back the events of its checksum.
 * Both are recorded in the groups' history, with the caller as actor. A transaction the database chose
 * as a deadlock's victim (ingestion adds to the same rows) runs again.
 */
@ApplicationScoped
public class Merges {

    /** Tries of one merge or split when the database answers "try again". */
    static final int TRIES = 5;

    @Inject
    private MergeWork work;

    @Inject
    private Activities activities;

    @Inject
    private Search search;

    @Inject
    private GroupDetails details;

    @Inject
    private SecurityContext security;

    /**
     * Merges the groups into the first one given.
     *
     * @return the merged group's id
     */
    public long merge(long projectId, List<Long> ids) throws Problem {
        search.readable(projectId);
        String actor = actor();
        for (int attempt = 1; ; attempt++) {
            try {
                return work.merge(projectId, ids, actor);
            } catch (RuntimeException e) {
                if (attempt >= TRIES || !TransientFailures.isTransient(e)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Splits the group's aliases off again.
     *
     * @return the groups split off that have events
     */
    public List<Long> split(long projectId, long groupId) throws Problem {
        search.readable(projectId);
        String actor = actor();
        for (int attempt = 1; ; attempt++) {
            try {
                return work.split(projectId, groupId, actor);
            } catch (RuntimeException e) {
                if (attempt >= TRIES || !TransientFailures.isTransient(e)) {
                    throw e;
                }
            }
        }
    }

    /** The group's history, newest first (at most {@code limit} entries). */
    public List<GroupActivity> activity(long projectId, long groupId, int limit) throws Problem {
        details.requireGroup(projectId, groupId);
        return activities.of(groupId, limit);
    }

    /** A group that may be the same as another: same type and culprit. */
    public record SimilarGroup(long id, String message, long count) implements java.io.Serializable {}

    /**
     * Up to {@code limit} groups of the project like this one (same type, same culprit, not merged into
     * another), highest score first: the group page offers them for a merge.
     */
    public List<SimilarGroup> similar(long projectId, long groupId, int limit) throws Problem {
        details.requireGroup(projectId, groupId);
        return work.similar(projectId, groupId, limit);
    }

    private String actor() {
        Principal caller = security.getCallerPrincipal();
        return caller == null ? null : caller.getName();
    }
}
