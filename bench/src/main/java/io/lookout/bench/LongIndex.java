package io.lookout.bench;

import java.util.Arrays;

/**
 * Dense indexes 0, 1, 2, ... for long keys, in order of first sight (open addressing, no boxing):
 * the aggregates of millions of (group, tag value) and (owner, hour) pairs live in parallel arrays.
 */
final class LongIndex {

    private static final long EMPTY = Long.MIN_VALUE;

    private long[] keys;
    private int[] values;
    private int size;

    LongIndex(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new int[capacity];
        Arrays.fill(keys, EMPTY);
    }

    /** The key's index, or -1. */
    int get(long key) {
        int mask = keys.length - 1;
        for (int slot = hash(key) & mask; ; slot = (slot + 1) & mask) {
            long found = keys[slot];
            if (found == key) {
                return values[slot];
            }
            if (found == EMPTY) {
                return -1;
            }
        }
    }

    /** The key's index; a new key gets {@link #size()} (so a caller sees it is new when the result equals the old size). */
    int indexOf(long key) {
        int mask = keys.length - 1;
        for (int slot = hash(key) & mask; ; slot = (slot + 1) & mask) {
            long found = keys[slot];
            if (found == key) {
                return values[slot];
            }
            if (found == EMPTY) {
                keys[slot] = key;
                values[slot] = size;
                size++;
                if (size * 2 > keys.length) {
                    grow();
                }
                return size - 1;
            }
        }
    }

    int size() {
        return size;
    }

    /** Every key, in no particular order. */
    long[] keys() {
        long[] all = new long[size];
        int i = 0;
        for (long key : keys) {
            if (key != EMPTY) {
                all[i++] = key;
            }
        }
        return all;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int slot = hash(oldKeys[i]) & mask;
                while (keys[slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        h ^= h >>> 32;
        h *= 0xC2B2AE3D27D4EB4FL;
        return (int) (h ^ (h >>> 29));
    }
}
