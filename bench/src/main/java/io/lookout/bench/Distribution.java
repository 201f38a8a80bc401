package io.lookout.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Draws an index 0..n-1 with given relative weights (cumulative table, binary search). */
final class Distribution {

    private final double[] cumulative;

    private Distribution(double[] weights) {
        cumulative = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            cumulative[i] = sum;
        }
        for (int i = 0; i < cumulative.length; i++) {
            cumulative[i] /= sum;
        }
    }

    static Distribution weights(double... weights) {
        return new Distribution(weights);
    }

    /** Zipf-like: the value of rank r (from 0) has weight 1 / (r + 1)^skew; skew 0 is uniform. */
    static Distribution zipf(int n, double skew) {
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            weights[i] = 1 / Math.pow(i + 1, skew);
        }
        return new Distribution(weights);
    }

    int size() {
        return cumulative.length;
    }

    int next(SplittableRandom random) {
        int i = Arrays.binarySearch(cumulative, random.nextDouble());
        i = i >= 0 ? i : -i - 1;
        return Math.min(i, cumulative.length - 1);
    }
}
