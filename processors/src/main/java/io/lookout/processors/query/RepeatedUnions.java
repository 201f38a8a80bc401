package io.lookout.processors.query;

import java.util.Arrays;

/**
 * Collapses consecutive identical branches of a {@code UNION} in the fingerprint being written:
 * {@code A union all A union all A} becomes {@code A union all ...}, however many copies there
 * are, so that generated "one branch per item" queries form one group, as an {@code IN} list
 * does. Each nesting depth has its own state; a branch is compared once, with the last kept
 * branch, so the work stays linear in the length of the output.
 */
final class RepeatedUnions {

    private final StringBuilder out;
    /** The last kept branch at each depth: its range in {@link #out}, or -1. */
    private int[] anchorStart = new int[16];

    private int[] anchorEnd = new int[16];
    /** Where the kept text ends: after the anchor, or after the marker that follows it. */
    private int[] tailEnd = new int[16];
    /** Where the current branch begins. */
    private int[] currentStart = new int[16];
    /** The set operation before the current branch ({@code union all}, ...), or null for the first. */
    private String[] currentOperation = new String[16];
    /** The operation in the marker written after the anchor, or null when there is none. */
    private String[] markerOperation = new String[16];

    RepeatedUnions(StringBuilder out) {
        this.out = out;
    }

    /** A scope (the statement, or a parenthesis) begins at the current end of the output. */
    void open(int depth) {
        ensureCapacity(depth);
        anchorStart[depth] = -1;
        currentStart[depth] = out.length();
        currentOperation[depth] = null;
        markerOperation[depth] = null;
    }

    /**
     * The current branch at {@code depth} ends at the current end of the output (a set operation,
     * a closing parenthesis, a semicolon or the end follows). If it repeats the last kept branch
     * after the same {@code UNION}, it is removed and the marker {@code union ... ...} is written
     * once.
     *
     * @return whether the output was changed (so that what was written last is now the marker)
     */
    boolean branchEnds(int depth) {
        ensureCapacity(depth);
        int start = skipSpace(Math.min(currentStart[depth], out.length()));
        int end = out.length();
        String operation = currentOperation[depth];
        boolean repeated = operation != null
                && operation.startsWith("union")
                && anchorStart[depth] >= 0
                && (markerOperation[depth] == null || markerOperation[depth].equals(operation))
                && regionEquals(anchorStart[depth], anchorEnd[depth], start, end);
        if (repeated) {
            out.setLength(tailEnd[depth]);
            if (markerOperation[depth] == null) {
                out.append(' ').append(operation).append(" ...");
                markerOperation[depth] = operation;
                tailEnd[depth] = out.length();
            }
        } else {
            anchorStart[depth] = start;
            anchorEnd[depth] = end;
            tailEnd[depth] = end;
            markerOperation[depth] = null;
        }
        currentStart[depth] = out.length();
        currentOperation[depth] = null;
        return repeated;
    }

    /** The set operation {@code operation} was just written; the next branch begins after it. */
    void operationWritten(int depth, String operation) {
        ensureCapacity(depth);
        currentOperation[depth] = operation;
        currentStart[depth] = out.length();
    }

    private int skipSpace(int i) {
        return i < out.length() && out.charAt(i) == ' ' ? i + 1 : i;
    }

    private boolean regionEquals(int aStart, int aEnd, int bStart, int bEnd) {
        if (aEnd - aStart != bEnd - bStart || aEnd > out.length()) {
            return false;
        }
        for (int i = 0; i < aEnd - aStart; i++) {
            if (out.charAt(aStart + i) != out.charAt(bStart + i)) {
                return false;
            }
        }
        return true;
    }

    private void ensureCapacity(int depth) {
        if (depth < anchorStart.length) {
            return;
        }
        int capacity = Math.max(depth + 1, anchorStart.length * 2);
        anchorStart = Arrays.copyOf(anchorStart, capacity);
        anchorEnd = Arrays.copyOf(anchorEnd, capacity);
        tailEnd = Arrays.copyOf(tailEnd, capacity);
        currentStart = Arrays.copyOf(currentStart, capacity);
        currentOperation = Arrays.copyOf(currentOperation, capacity);
        markerOperation = Arrays.copyOf(markerOperation, capacity);
    }
}
