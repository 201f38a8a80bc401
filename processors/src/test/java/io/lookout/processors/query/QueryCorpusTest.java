package io.lookout.processors.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.processors.query.QueryCorpus.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compares Lookout's grouping of the corpus ({@code query/corpus.sql}) with Percona's
 * pt-fingerprint 3.2.1 ({@code query/pt-fingerprint.txt}): for every pair of statements, both
 * put them in one group or both keep them apart, except for the pairs listed in
 * {@link #KNOWN_DIFFERENCES}, each with the reason. The list is exact: a listed pair on which
 * the two agree fails the test too, so the list cannot go stale.
 */
class QueryCorpusTest {

    /** Which side puts a pair of statements in one group. */
    enum Merged {
        /** pt-fingerprint merges the pair; Lookout keeps the statements apart. */
        BY_PT_FINGERPRINT_ONLY,
        /** Lookout merges the pair; pt-fingerprint keeps the statements apart. */
        BY_LOOKOUT_ONLY
    }

    record Pair(int first, int second) implements Comparable<Pair> {
        @Override
        public int compareTo(Pair other) {
            return first != other.first ? Integer.compare(first, other.first) : Integer.compare(second, other.second);
        }

        @Override
        public String toString() {
            return "(" + first + ", " + second + ")";
        }
    }

    record KnownDifference(Merged merged, String reason, List<Pair> pairs) {}

    /** Every intended difference from pt-fingerprint on the corpus; statement numbers count from 1. */
    static final List<KnownDifference> KNOWN_DIFFERENCES = List.of(
            // ---- pt-fingerprint merges, Lookout keeps apart ----
            ptOnly(
                    "pt-fingerprint reads PostgreSQL's double-quoted identifiers as string literals, so "
                            + "\"users\".\"id\" and \"posts\".\"email\" are both ?; Lookout keeps identifiers",
                    1,
                    3,
                    1,
                    4,
                    1,
                    5,
                    2,
                    3,
                    2,
                    4,
                    2,
                    5,
                    3,
                    4,
                    3,
                    5),
            ptOnly(
                    "pt-fingerprint turns every + or - and what follows into ?, so x + 1 and x - 1 look "
                            + "alike; Lookout replaces only the literal (and its sign when it is a sign)",
                    21,
                    22,
                    139,
                    140,
                    200,
                    201),
            ptOnly(
                    "pt-fingerprint replaces digits inside identifiers (t1 and t2, orders_2025, shard_01); "
                            + "Lookout never changes an identifier, these are different tables",
                    128,
                    129,
                    130,
                    131,
                    240,
                    241),
            ptOnly(
                    "a multi-row VALUES list is kept apart from a single row (bulk and single inserts are "
                            + "different code paths with very different durations); pt-fingerprint merges them",
                    132,
                    134,
                    133,
                    134,
                    135,
                    136,
                    261,
                    262),
            ptOnly(
                    "optimizer hints /*+ ... */ are kept, since they change the plan; pt-fingerprint drops "
                            + "every comment but /*! */",
                    194,
                    195),
            ptOnly(
                    "pt-fingerprint has a special case for mysqldump's SELECT /*!40001 SQL_NO_CACHE */ * "
                            + "FROM `t`: one fingerprint \"mysqldump\" for every table",
                    197,
                    198),
            ptOnly("pt-fingerprint abstracts the database in USE db; Lookout keeps identifiers", 227, 228),
            // ---- Lookout merges, pt-fingerprint keeps apart ----
            lookoutOnly(
                    "PostgreSQL's $1 placeholders: pt-fingerprint keeps them as $? and so does not "
                            + "recognise LIMIT $2 OFFSET $3, nor $1 as the same value as an inline 42",
                    6,
                    7,
                    43,
                    54,
                    44,
                    54),
            lookoutOnly(
                    "named and pyformat placeholders (:id, %(id_1)s) are placeholders; pt-fingerprint "
                            + "keeps their names",
                    23, 24, 143, 144),
            lookoutOnly(
                    "pt-fingerprint keeps the sender's spacing (a=1 is not a = 1, nor \"( select\" "
                            + "\"(select\"); Lookout writes canonical spacing",
                    26,
                    27,
                    55,
                    56,
                    141,
                    142,
                    211,
                    213,
                    212,
                    213,
                    239,
                    240),
            lookoutOnly(
                    "ARRAY[...] lists and IN lists of row values collapse like IN lists; pt-fingerprint "
                            + "collapses only flat IN (...) lists",
                    72,
                    73,
                    75,
                    76,
                    137,
                    138),
            lookoutOnly("E'...' strings and '' escapes are one literal; pt-fingerprint leaves e? and ??", 90, 91),
            lookoutOnly(
                    "PostgreSQL's dollar-quoted strings are literals; pt-fingerprint does not know them",
                    92,
                    93,
                    92,
                    94,
                    93,
                    94),
            lookoutOnly("TRUE and FALSE are literals like 1 and 0; pt-fingerprint keeps them", 125, 126),
            lookoutOnly(
                    "a backtick-quoted plain name is the same identifier as the unquoted name; "
                            + "pt-fingerprint keeps the backticks",
                    173,
                    174),
            lookoutOnly(
                    "hex literals 0x1F and X'00' are one literal; pt-fingerprint leaves parts of them " + "(?f, x?)",
                    192,
                    193));

    private static List<Statement> statements;
    private static List<String> lookout;
    private static List<String> pt;

    @BeforeAll
    static void fingerprintTheCorpus() {
        statements = QueryCorpus.statements();
        pt = QueryCorpus.ptFingerprints();
        lookout = new ArrayList<>();
        for (Statement statement : statements) {
            lookout.add(SqlNormalizer.normalize(statement.sql(), statement.dialect())
                    .sql());
        }
    }

    @Test
    void theCorpusHasAtLeast200StatementsOfBothEngines() {
        assertTrue(statements.size() >= 200, () -> statements.size() + " statements");
        Map<String, Long> perEngine =
                statements.stream().collect(Collectors.groupingBy(Statement::engine, Collectors.counting()));
        assertTrue(perEngine.getOrDefault("postgresql", 0L) >= 50, perEngine::toString);
        assertTrue(perEngine.getOrDefault("mysql", 0L) >= 50, perEngine::toString);
    }

    @Test
    void ptFingerprintGaveOneLinePerStatement() {
        assertEquals(
                statements.size(),
                pt.size(),
                "pt-fingerprint.txt is out of date: regenerate it as described in corpus.sql");
    }

    @Test
    void everyFingerprintIsOneCanonicalLine() {
        for (int i = 0; i < statements.size(); i++) {
            String fingerprint = lookout.get(i);
            Statement statement = statements.get(i);
            assertFalse(fingerprint.isEmpty(), statement::toString);
            assertEquals(fingerprint.strip(), fingerprint, statement::toString);
            assertFalse(fingerprint.contains("  ") || fingerprint.contains("\n"), statement::toString);
            assertFalse(fingerprint.contains("'"), () -> statement + " kept a string: " + fingerprint);
        }
    }

    @Test
    void groupingAgreesWithPtFingerprintExceptTheKnownDifferences() {
        Map<Pair, Merged> actual = new TreeMap<>();
        for (int i = 0; i < statements.size(); i++) {
            for (int j = i + 1; j < statements.size(); j++) {
                boolean byLookout = lookout.get(i).equals(lookout.get(j));
                boolean byPt = pt.get(i).equals(pt.get(j));
                if (byLookout != byPt) {
                    actual.put(
                            new Pair(i + 1, j + 1), byLookout ? Merged.BY_LOOKOUT_ONLY : Merged.BY_PT_FINGERPRINT_ONLY);
                }
            }
        }
        Map<Pair, Merged> known = new LinkedHashMap<>();
        for (KnownDifference difference : KNOWN_DIFFERENCES) {
            for (Pair pair : difference.pairs()) {
                known.put(pair, difference.merged());
            }
        }

        StringBuilder problems = new StringBuilder();
        actual.forEach((pair, merged) -> {
            if (known.get(pair) != merged) {
                problems.append("\nunexpected difference ")
                        .append(merged)
                        .append(' ')
                        .append(describe(pair));
            }
        });
        known.forEach((pair, merged) -> {
            if (actual.get(pair) != merged) {
                problems.append("\nlisted as ")
                        .append(merged)
                        .append(" but not so ")
                        .append(describe(pair));
            }
        });
        assertTrue(problems.isEmpty(), problems::toString);
        assertEquals(42, actual.size(), "the number of pairs on which Lookout and pt-fingerprint differ");
    }

    @Test
    void theKnownDifferencesAreFewComparedWithTheAgreements() {
        int pairs = 0;
        int mergedByBoth = 0;
        for (int i = 0; i < statements.size(); i++) {
            for (int j = i + 1; j < statements.size(); j++) {
                pairs++;
                if (lookout.get(i).equals(lookout.get(j)) && pt.get(i).equals(pt.get(j))) {
                    mergedByBoth++;
                }
            }
        }
        // the corpus is built of near-duplicates, so that agreeing on "same group" means something
        int agreed = mergedByBoth;
        assertTrue(agreed >= 60, () -> agreed + " pairs merged by both");
        assertTrue(pairs > 30_000);
        Set<String> lookoutGroups = Set.copyOf(lookout);
        Set<String> ptGroups = Set.copyOf(pt);
        assertTrue(
                Math.abs(lookoutGroups.size() - ptGroups.size()) < 20,
                () -> lookoutGroups.size() + " Lookout groups, " + ptGroups.size() + " pt-fingerprint groups");
    }

    private static String describe(Pair pair) {
        Statement first = statements.get(pair.first() - 1);
        Statement second = statements.get(pair.second() - 1);
        return pair + ":\n    " + first + "\n    " + second
                + "\n    Lookout:        " + lookout.get(pair.first() - 1) + "  |  " + lookout.get(pair.second() - 1)
                + "\n    pt-fingerprint: " + pt.get(pair.first() - 1) + "  |  " + pt.get(pair.second() - 1);
    }

    private static KnownDifference ptOnly(String reason, int... numbers) {
        return new KnownDifference(Merged.BY_PT_FINGERPRINT_ONLY, reason, pairs(numbers));
    }

    private static KnownDifference lookoutOnly(String reason, int... numbers) {
        return new KnownDifference(Merged.BY_LOOKOUT_ONLY, reason, pairs(numbers));
    }

    private static List<Pair> pairs(int... numbers) {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < numbers.length; i += 2) {
            pairs.add(new Pair(numbers[i], numbers[i + 1]));
        }
        return pairs;
    }
}
