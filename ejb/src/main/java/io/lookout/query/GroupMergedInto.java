package io.lookout.query;

import io.lookout.Problem;
import io.lookout.ProblemCode;

/**
 * The group asked for was merged into another: its id stays an alias of the group it went into. The
 * API answers {@code 308} with {@code Location} and {@code {"mergedInto": id}}; the group page
 * shows the other group.
 */
public class GroupMergedInto extends Problem {

    private static final long serialVersionUID = 1L;

    private final long groupId;
    private final long mergedInto;

    public GroupMergedInto(long groupId, long mergedInto) {
        super(308, null, ProblemCode.GROUP_MERGED, groupId, mergedInto);
        this.groupId = groupId;
        this.mergedInto = mergedInto;
    }

    public long groupId() {
        return groupId;
    }

    public long mergedInto() {
        return mergedInto;
    }
}
