package io.lookout.bench;

import static io.lookout.bench.Catalog.BROWSER;
import static io.lookout.bench.Catalog.COUNTRY;
import static io.lookout.bench.Catalog.DEVICE;
import static io.lookout.bench.Catalog.ENGINE;
import static io.lookout.bench.Catalog.ENVIRONMENT;
import static io.lookout.bench.Catalog.EXCEPTION;
import static io.lookout.bench.Catalog.FUNCTION;
import static io.lookout.bench.Catalog.HOST;
import static io.lookout.bench.Catalog.LEVEL;
import static io.lookout.bench.Catalog.LOGGER;
import static io.lookout.bench.Catalog.MESSAGE;
import static io.lookout.bench.Catalog.METHOD;
import static io.lookout.bench.Catalog.OS;
import static io.lookout.bench.Catalog.QUERY;
import static io.lookout.bench.Catalog.REGION;
import static io.lookout.bench.Catalog.RELEASE;
import static io.lookout.bench.Catalog.REQUEST;
import static io.lookout.bench.Catalog.SERVER;
import static io.lookout.bench.Catalog.STATEMENT;
import static io.lookout.bench.Catalog.STATUS;
import static io.lookout.bench.Catalog.TENANT;
import static io.lookout.bench.Catalog.TRANSACTION;
import static io.lookout.bench.Catalog.URL;
import static io.lookout.bench.Catalog.USER;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;

/**
 * Fills a PostgreSQL database with the rows Lookout's {@code EventStore} would have written for a
 * project that received N events (default 1,000,000) over the last D days (default 14): events and
 * their tag links, tag values, groups with their aggregates, per-group tag counts and hourly counts,
 * and three views with their view groups and hourly counts, all counted as ingestion counts them.
 *
 * <p>The schema comes from Lookout's own Flyway migrations (the ejb module's
 * {@code db/migration}, a resource directory of this module), so the server finds it up to date.
 * Rows go in with {@code COPY ... FREEZE} in one transaction after a {@code TRUNCATE} of the event
 * tables (the database is a benchmark database: the generator refuses one whose name does not
 * contain "bench" unless {@code --force}). Foreign keys are not checked during the load
 * ({@code session_replication_role = replica}, hence a superuser); the plain indexes of the big
 * tables are dropped before and created again after it, with their exact definitions. Sequences
 * are advanced past the ids used, so a server can keep inserting. Ends with {@code VACUUM ANALYZE}.
 *
 * <p>Shape: groups have a Zipf-like size ({@code --skew}, rank r has weight 1/(r+1)^skew) and
 * one of four types; each event carries about ten of twenty tag keys whose cardinalities range
 * from 3 ({@code environment}) to 100,000 ({@code user}); values are skewed, some keys follow
 * their group (an exception's url, a request's method and status) and {@code release} follows
 * time. Everything derives from {@code --seed} and the end of the time window (now, or
 * {@code --ending-days-ago} days before now: the retention benchmark writes events that have all expired).
 *
 * <pre>
 * java -cp lookout-bench.jar:lib/* io.lookout.bench.DataGenerator [--url=jdbc:postgresql://127.0.0.1:5432/lookout_bench]
 *     [--user=postgres] [--password=] [--events=1000000] [--groups=10000] [--days=14] [--ending-days-ago=0]
 *     [--skew=1.0] [--seed=42] [--force]
 * </pre>
 */
public final class DataGenerator {

    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/lookout_bench";
    static final String PROJECT_KEY = "0123456789abcdef0123456789abcdef";
    static final long PROJECT_ID = 1;
    /** An administrator (password "bench") whose password hash is cheap to verify; see {@link #pbkdf2}. */
    static final String BENCH_USER = "bench";

    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    /** The event tables: truncated and loaded with COPY FREEZE. */
    private static final List<String> TABLES = List.of(
            "event_tag",
            "group_tag_value",
            "group_hourly",
            "view_group_hourly",
            "view_group",
            "event",
            "tag_value",
            "event_group",
            "lookout_view");
    /** Constraints whose indexes are cheaper to build after the load than to maintain during it. */
    private static final List<String> CONSTRAINTS_REBUILT = List.of("event_tag_pkey", "event_event_id_uq");

    /** The views: slug, name, types (comma-separated or null), keys. */
    static final List<ViewSpec> VIEWS = List.of(
            new ViewSpec("exceptions-by-url", "Exceptions by URL", "exception", new int[] {URL}),
            new ViewSpec(
                    "all-by-server-environment", "All by server and environment", null, new int[] {SERVER, ENVIRONMENT
                    }),
            new ViewSpec("requests-by-environment", "Requests by environment", "request", new int[] {ENVIRONMENT}));

    record ViewSpec(String slug, String name, String types, int[] keys) {

        boolean takes(int type) {
            return types == null || Arrays.asList(types.split(",")).contains(Catalog.TYPES[type]);
        }

        String keysJson() {
            StringBuilder json = new StringBuilder("[");
            for (int i = 0; i < keys.length; i++) {
                json.append(i == 0 ? "" : ",").append(jsonString(Catalog.KEYS[keys[i]]));
            }
            return json.append(']').toString();
        }
    }

    // ---- options ----
    private final String url;
    private final String user;
    private final String password;
    private final int eventCount;
    private final int groupCount;
    private final int days;
    /** The window ends this many days before now (0: now); e.g. 100 makes every event older than the default retention of 90 days. */
    private final int endingDaysAgo;

    private final double skew;
    private final long seed;
    private final boolean force;

    // ---- time window ----
    private long now;
    private long windowStart;
    private long firstHour;

    // ---- groups, by rank (0 = the biggest) ----
    private int[] type;
    private int[] groupLevel;
    private int[][] homeUrls;
    private int[][] homeTransactions;
    private int[] groupMethod;
    private int[] statusMain;
    private int[] statusOther;
    private int[] groupHost;
    private int[] groupStatement;
    private int[] groupEngine;
    private int[] groupLogger;
    private int[] eventsOfRank;
    private int[] rankToId;

    // ---- groups, by id (1..) ----
    private int[] idToRank;
    private long[] gFirst;
    private long[] gLast;
    private long[] gCount;
    private String[] gMessage;
    private String[] gCulprit;
    private String[] gLevel;
    private double[] gSpentTotal;
    private long[] gSpentCount;
    private double[] gSpentMax;

    // ---- tag values, by id (1..) ----
    private int[][] tagValueIds;
    private int tagValueCount;
    private int[] tvKey = new int[1 << 16];
    private int[] tvValue = new int[1 << 16];
    private long[] tvCount = new long[1 << 16];
    private long[] tvFirst = new long[1 << 16];
    private long[] tvLast = new long[1 << 16];

    // ---- event_tag links, in event order ----
    private int[] linkTagValue;
    private int[] linkEvent;
    private int linkCount;

    // ---- group_tag_value and hourly counts ----
    private final LongIndex groupTags = new LongIndex(1 << 21);
    private long[] gtCount = new long[1 << 21];
    private long[] gtFirst = new long[1 << 21];
    private long[] gtLast = new long[1 << 21];
    private final LongIndex groupHours = new LongIndex(1 << 19);
    private long[] ghCount = new long[1 << 19];

    // ---- view groups, by id (1..) ----
    private final Map<String, Integer> viewGroupIds = new HashMap<>(1 << 19);
    private int viewGroupCount;
    private int[] vgView = new int[1 << 16];
    private int[] vgGroup = new int[1 << 16];
    private String[] vgKeyValues = new String[1 << 16];
    private String[][] vgValues = new String[1 << 16][];
    private long[] vgCount = new long[1 << 16];
    private long[] vgFirst = new long[1 << 16];
    private long[] vgLast = new long[1 << 16];
    private double[] vgSpentTotal = new double[1 << 16];
    private long[] vgSpentCount = new long[1 << 16];
    private double[] vgSpentMax = new double[1 << 16];
    private final LongIndex viewGroupHours = new LongIndex(1 << 20);
    private long[] vghCount = new long[1 << 20];

    // ---- value distributions ----
    private final Distribution environments = Distribution.weights(0.85, 0.12, 0.03);
    private final Distribution servers = Distribution.zipf(50, 0.3);
    private final Distribution regions = Distribution.zipf(Catalog.REGIONS.length, 1.0);
    private final Distribution tenants = Distribution.zipf(1_000, 1.0);
    private final Distribution users = Distribution.zipf(100_000, 0.8);
    private final Distribution browsers = Distribution.zipf(Catalog.BROWSERS.length, 1.1);
    private final Distribution operatingSystems = Distribution.zipf(Catalog.OPERATING_SYSTEMS.length, 1.0);
    private final Distribution devices = Distribution.weights(0.6, 0.35, 0.05);
    private final Distribution countries = Distribution.zipf(Catalog.COUNTRIES.length, 1.1);
    private final Distribution transactions = Distribution.zipf(500, 1.0);
    private final Distribution urls = Distribution.zipf(2_000, 1.0);
    private final Distribution methods = Distribution.weights(0.6, 0.22, 0.07, 0.05, 0.04, 0.01, 0.01);
    private final Distribution statuses = Distribution.zipf(Catalog.STATUSES.length, 0.7);
    private final Distribution loggers = Distribution.zipf(300, 0.9);
    private final Distribution exceptionLevels = Distribution.weights(0, 0, 0.25, 0.65, 0.10);
    private final Distribution messageLevels = Distribution.weights(0.10, 0.50, 0.25, 0.15, 0);
    private final Distribution queryLevels = Distribution.weights(0, 0.70, 0.30, 0, 0);
    private final Distribution statementKinds = Distribution.weights(0.70, 0.12, 0.10, 0.05, 0.03);
    private final Distribution groupTypes = Distribution.weights(0.40, 0.25, 0.15, 0.20);

    // ---- the current event's tags, in the order ingestion stores them ----
    private final int[] eventKeys = new int[Catalog.KEYS.length];
    private final int[] eventValues = new int[Catalog.KEYS.length];
    private final int[] valueOfKey = new int[Catalog.KEYS.length];
    private int eventTagCount;

    private String projectSlug;
    private final Map<String, Long> timings = new LinkedHashMap<>();

    private DataGenerator(Map<String, String> options) {
        url = options.getOrDefault("url", DEFAULT_URL);
        user = options.getOrDefault("user", "postgres");
        password = options.getOrDefault("password", "");
        eventCount = Integer.parseInt(options.getOrDefault("events", "1000000"));
        groupCount = Integer.parseInt(options.getOrDefault("groups", "10000"));
        days = Integer.parseInt(options.getOrDefault("days", "14"));
        endingDaysAgo = Integer.parseInt(options.getOrDefault("ending-days-ago", "0"));
        skew = Double.parseDouble(options.getOrDefault("skew", "1.0"));
        seed = Long.parseLong(options.getOrDefault("seed", "42"));
        force = options.containsKey("force");
        if (groupCount < 4
                || eventCount < groupCount
                || groupCount >= 1 << 24
                || days < 1
                || days > 365
                || endingDaysAgo < 0
                || endingDaysAgo > 3650) {
            throw new IllegalArgumentException("need 4 <= groups <= events, groups < 16777216, 1 <= days <= 365,"
                    + " 0 <= ending-days-ago <= 3650");
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        if (options.containsKey("help")) {
            System.out.println(
                    "DataGenerator [--url=" + DEFAULT_URL + "] [--user=postgres] [--password=] [--events=1000000]"
                            + " [--groups=10000] [--days=14] [--ending-days-ago=0] [--skew=1.0] [--seed=42] [--force]");
            return;
        }
        new DataGenerator(options).run();
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("options are --name=value, not '" + arg + "'");
            }
            int equals = arg.indexOf('=');
            options.put(
                    equals < 0 ? arg.substring(2) : arg.substring(2, equals),
                    equals < 0 ? "" : arg.substring(equals + 1));
        }
        return options;
    }

    private void run() throws Exception {
        long started = System.nanoTime();
        if (!force && !url.toLowerCase(Locale.ROOT).contains("bench")) {
            throw new IllegalStateException("refusing to truncate the event tables of " + url
                    + ": the database name must contain 'bench' (or pass --force)");
        }
        System.out.printf(
                "DataGenerator: %,d events, %,d groups, %d days ending %d days ago, skew %.2f, seed %d into %s%n",
                eventCount, groupCount, days, endingDaysAgo, skew, seed, url);
        migrate();
        lap("migrate", started);

        now = System.currentTimeMillis() / 1000 * 1000 - endingDaysAgo * DAY;
        windowStart = now - days * DAY;
        firstHour = windowStart / HOUR * HOUR;
        planGroups();
        long[] schedule = schedule();
        lap("plan", started);

        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        try (Connection connection = DriverManager.getConnection(url, properties)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET session_replication_role = replica");
                statement.execute("SET maintenance_work_mem = '512MB'");
                statement.execute("SET synchronous_commit = off");
            } catch (SQLException e) {
                throw new IllegalStateException(
                        "the generator needs a superuser (session_replication_role): " + e.getMessage(), e);
            }
            Map<String, String> indexesBefore = indexes(connection);
            prepare(connection);
            lap("prepare", started);
            PGConnection pg = connection.unwrap(PGConnection.class);
            writeEvents(pg, schedule);
            lap("events", started);
            writeRest(pg);
            lap("aggregates", started);
            rebuild(connection, indexesBefore);
            lap("indexes", started);
            advanceSequences(connection);
            countUsers(connection);
            connection.commit();
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("VACUUM (ANALYZE)");
            }
            lap("vacuum analyze", started);
            report(connection);
        }
        System.out.printf("DataGenerator: done in %.1f s (%s)%n", (System.nanoTime() - started) / 1e9, timings);
    }

    private void lap(String name, long started) {
        long total = (System.nanoTime() - started) / 1_000_000;
        long previous = timings.values().stream().mapToLong(Long::longValue).sum();
        timings.put(name, total - previous);
        System.out.printf("  %-15s %6.1f s%n", name, (total - previous) / 1000.0);
    }

    // ------------------------------------------------------------------------------------------
    // schema

    private void migrate() {
        List<String> locations = new ArrayList<>(List.of("classpath:db/migration/common"));
        if (DataGenerator.class.getClassLoader().getResource("db/migration/postgresql") != null) {
            locations.add("classpath:db/migration/postgresql");
        }
        var result = Flyway.configure(DataGenerator.class.getClassLoader())
                .dataSource(url, user, password)
                .locations(locations.toArray(String[]::new))
                .load()
                .migrate();
        System.out.printf(
                "  schema migrated: %d migrations applied, now at %s%n",
                result.migrationsExecuted,
                result.targetSchemaVersion == null ? "(unchanged)" : result.targetSchemaVersion);
    }

    /** Plain (non-unique) indexes of the event tables and the rebuilt constraints: name -> definition. */
    private static Map<String, String> indexes(Connection connection) throws SQLException {
        Map<String, String> indexes = new TreeMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT i.relname, pg_get_indexdef(x.indexrelid)"
                + " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid"
                + " WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY (?)")) {
            query.setArray(1, connection.createArrayOf("text", TABLES.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    indexes.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return indexes;
    }

    private final List<String> recreate = new ArrayList<>();

    private void prepare(Connection connection) throws SQLException {
        List<String> drop = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            // CASCADE: the tables that point at these (a group's activity, bookmarks, …) are emptied with them
            statement.execute("TRUNCATE " + String.join(", ", TABLES) + " CASCADE");
            try (ResultSet rows =
                    statement.executeQuery("SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x"
                            + " JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid"
                            + " WHERE c.relnamespace = current_schema()::regnamespace AND c.relname IN ('event', 'event_tag',"
                            + " 'group_tag_value', 'group_hourly', 'view_group', 'view_group_hourly')"
                            + " AND NOT x.indisprimary AND NOT x.indisunique ORDER BY 1")) {
                while (rows.next()) {
                    recreate.add(rows.getString(2));
                    drop.add("DROP INDEX " + rows.getString(1));
                }
            }
            for (String name : CONSTRAINTS_REBUILT) {
                try (ResultSet rows =
                        statement.executeQuery("SELECT conrelid::regclass::text, pg_get_constraintdef(oid)"
                                + " FROM pg_constraint WHERE conname = '" + name
                                + "' AND connamespace = current_schema()::regnamespace")) {
                    if (!rows.next()) {
                        throw new IllegalStateException("the schema has no constraint " + name);
                    }
                    String table = rows.getString(1);
                    String definition = rows.getString(2);
                    drop.add("ALTER TABLE " + table + " DROP CONSTRAINT " + name);
                    recreate.add(0, "ALTER TABLE " + table + " ADD CONSTRAINT " + name + " " + definition);
                }
            }
            for (String ddl : drop) {
                statement.execute(ddl);
            }
            statement.execute(
                    "INSERT INTO project (id, slug, name, public_key, retention_days, created_at, view_generation)"
                            + " VALUES (" + PROJECT_ID + ", 'default', 'Default', '" + PROJECT_KEY + "', 90, "
                            + "TIMESTAMP WITH TIME ZONE '" + Instant.ofEpochMilli(windowStart - DAY) + "', "
                            + VIEWS.size() + ")"
                            + " ON CONFLICT (id) DO UPDATE SET view_generation = EXCLUDED.view_generation");
            // the admin user as Bootstrap creates it (it creates none once a user exists), and a second
            // administrator whose PBKDF2 hash has one iteration: QueryBench signs in as both, to show the
            // queries with and without what a check of the real hash costs
            for (String[] account : new String[][] {{"admin", "admin", "210000"}, {BENCH_USER, BENCH_USER, "1"}}) {
                statement.execute("INSERT INTO app_user (id, username, password_hash, created_at) VALUES"
                        + " (nextval('app_user_seq'), '" + account[0] + "', '"
                        + pbkdf2(account[1], Integer.parseInt(account[2]))
                        + "', now()) ON CONFLICT (username) DO NOTHING");
                statement.execute(
                        "INSERT INTO user_role (user_id, role) SELECT id, 'admin' FROM app_user WHERE username = '"
                                + account[0] + "' ON CONFLICT DO NOTHING");
            }
            try (ResultSet rows = statement.executeQuery("SELECT slug FROM project WHERE id = " + PROJECT_ID)) {
                rows.next();
                projectSlug = rows.getString(1);
            }
        }
    }

    private void rebuild(Connection connection, Map<String, String> indexesBefore) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String ddl : recreate) {
                long started = System.nanoTime();
                statement.execute(ddl);
                System.out.printf("    %5.1f s  %s%n", (System.nanoTime() - started) / 1e9, ddl);
            }
        }
        Map<String, String> after = indexes(connection);
        if (!after.equals(indexesBefore)) {
            throw new IllegalStateException("the indexes differ from the schema's after the load: before "
                    + indexesBefore + ", after " + after);
        }
        System.out.printf("  indexes identical to the migrated schema's (%d on the event tables)%n", after.size());
    }

    /** Since migration V25 a group keeps its users: its distribution rows of key user, as ingestion counts them. */
    private static void countUsers(Connection connection) throws SQLException {
        if (!hasColumn(connection, "event_group", "users")) {
            return;
        }
        long started = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            statement.execute("UPDATE event_group g SET users = u.n FROM (SELECT group_id, COUNT(*) AS n"
                    + " FROM group_tag_value WHERE tag_key = 'user' GROUP BY group_id) u WHERE u.group_id = g.id");
        }
        System.out.printf("    event_group.users  %5.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    private void advanceSequences(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT setval('event_seq', " + eventCount + ")");
            statement.execute("SELECT setval('event_group_seq', " + groupCount + ")");
            statement.execute("SELECT setval('tag_value_seq', " + tagValueCount + ")");
            statement.execute("SELECT setval('view_group_seq', " + viewGroupCount + ")");
            statement.execute("SELECT setval('lookout_view_seq', " + VIEWS.size() + ")");
            statement.execute("SELECT setval('project_seq', GREATEST((SELECT MAX(id) FROM project) + 1,"
                    + " (SELECT last_value FROM project_seq)), false)");
        }
    }

    // ------------------------------------------------------------------------------------------
    // groups and the schedule of events

    private void planGroups() {
        int g = groupCount;
        type = new int[g];
        groupLevel = new int[g];
        homeUrls = new int[g][];
        homeTransactions = new int[g][];
        groupMethod = new int[g];
        statusMain = new int[g];
        statusOther = new int[g];
        groupHost = new int[g];
        groupStatement = new int[g];
        groupEngine = new int[g];
        groupLogger = new int[g];
        int[] sizes = sizes();
        eventsOfRank = sizes;
        for (int r = 0; r < g; r++) {
            SplittableRandom random = new SplittableRandom(seed * 31 + r);
            // the four biggest groups have one type each; the rest follow the type shares
            type[r] = r < 4 ? new int[] {EXCEPTION, REQUEST, MESSAGE, QUERY}[r] : groupTypes.next(random);
            groupLevel[r] = switch (type[r]) {
                case EXCEPTION -> exceptionLevels.next(random);
                case MESSAGE -> messageLevels.next(random);
                case QUERY -> queryLevels.next(random);
                default -> 1;
            };
            int urlCount = type[r] == REQUEST ? 1 : 1 + random.nextInt(4);
            homeUrls[r] = new int[urlCount];
            for (int i = 0; i < urlCount; i++) {
                homeUrls[r][i] = urls.next(random);
            }
            homeTransactions[r] = new int[1 + random.nextInt(3)];
            for (int i = 0; i < homeTransactions[r].length; i++) {
                homeTransactions[r][i] = transactions.next(random);
            }
            groupMethod[r] = methods.next(random);
            // a request group fails mostly one way (a 5xx, a 4xx) and sometimes another
            statusMain[r] = random.nextDouble() < 0.6 ? 24 + random.nextInt(6) : statuses.next(random);
            statusOther[r] = statuses.next(random);
            groupHost[r] = random.nextInt(Catalog.HOSTS.length);
            groupStatement[r] = statementKinds.next(random);
            groupEngine[r] = random.nextDouble() < 0.85 ? 0 : 1;
            groupLogger[r] = loggers.next(random);
        }
    }

    /** Events per group rank: Zipf-like, at least one each, summing to the event count. */
    private int[] sizes() {
        double[] weights = new double[groupCount];
        double sum = 0;
        for (int r = 0; r < groupCount; r++) {
            weights[r] = 1 / Math.pow(r + 1, skew);
            sum += weights[r];
        }
        int[] sizes = new int[groupCount];
        long total = 0;
        for (int r = 0; r < groupCount; r++) {
            sizes[r] = Math.max(1, (int) Math.floor(eventCount * weights[r] / sum));
            total += sizes[r];
        }
        for (int r = 0; total < eventCount; r = (r + 1) % groupCount) {
            sizes[r]++;
            total++;
        }
        for (int r = groupCount - 1; total > eventCount; r--) {
            int take = (int) Math.min(sizes[r] - 1, total - eventCount);
            sizes[r] -= take;
            total -= take;
            if (r == 0) {
                throw new IllegalStateException("cannot fit the groups into the events");
            }
        }
        return sizes;
    }

    /**
     * Every event's time and group rank, oldest first: (milliseconds since the window start) shifted
     * left past the rank. A group is active over an interval (half of them since the window start,
     * three quarters until now; the 100 biggest throughout); its events fall uniformly in it.
     */
    private long[] schedule() {
        int rankBits = 32 - Integer.numberOfLeadingZeros(groupCount);
        long window = now - windowStart;
        long[] schedule = new long[eventCount];
        int i = 0;
        for (int r = 0; r < groupCount; r++) {
            SplittableRandom random = new SplittableRandom(seed * 17 + r * 7919L);
            boolean busy = r < 100;
            long start = busy || random.nextDouble() < 0.5 ? 0 : (long) (random.nextDouble() * 0.95 * window);
            long end = busy || random.nextDouble() < 0.75
                    ? window
                    : start + (long) (random.nextDouble() * (window - start));
            for (int k = 0; k < eventsOfRank[r]; k++) {
                long offset = start + (long) (random.nextDouble() * (end - start));
                schedule[i++] = offset << rankBits | r;
            }
        }
        Arrays.sort(schedule);
        return schedule;
    }

    // ------------------------------------------------------------------------------------------
    // events

    private void writeEvents(PGConnection pg, long[] schedule) throws SQLException, IOException {
        int rankBits = 32 - Integer.numberOfLeadingZeros(groupCount);
        long rankMask = (1L << rankBits) - 1;
        rankToId = new int[groupCount];
        idToRank = new int[groupCount + 1];
        gFirst = new long[groupCount + 1];
        gLast = new long[groupCount + 1];
        gCount = new long[groupCount + 1];
        gMessage = new String[groupCount + 1];
        gCulprit = new String[groupCount + 1];
        gLevel = new String[groupCount + 1];
        gSpentTotal = new double[groupCount + 1];
        gSpentCount = new long[groupCount + 1];
        gSpentMax = new double[groupCount + 1];
        int[] cardinalities = Catalog.cardinalities(groupCount);
        tagValueIds = new int[cardinalities.length][];
        for (int k = 0; k < cardinalities.length; k++) {
            tagValueIds[k] = new int[cardinalities[k]];
        }
        linkTagValue = new int[eventCount * 11];
        linkEvent = new int[eventCount * 11];
        String[] checksums = new String[groupCount];
        for (int r = 0; r < groupCount; r++) {
            checksums[r] = sha256Hex("bench:" + Catalog.TYPES[type[r]] + ":" + r);
        }

        SplittableRandom random = new SplittableRandom(seed);
        int nextGroupId = 1;
        long started = System.nanoTime();
        StringBuilder tags = new StringBuilder(512);
        StringBuilder data = new StringBuilder(512);
        try (CopyWriter events = new CopyWriter(
                pg,
                "COPY event (id, project_id, event_id, group_id, type, checksum,"
                        + " occurred_at, received_at, message, culprit, level, time_spent, correlation_id, tags, data,"
                        + " view_generation) FROM STDIN FREEZE")) {
            for (int i = 0; i < eventCount; i++) {
                int eventId = i + 1;
                int r = (int) (schedule[i] & rankMask);
                long time = windowStart + (schedule[i] >>> rankBits);
                int groupId = rankToId[r];
                if (groupId == 0) {
                    groupId = nextGroupId++;
                    rankToId[r] = groupId;
                    idToRank[groupId] = r;
                    gFirst[groupId] = time;
                }
                int t = type[r];
                chooseTags(random, r, t, time);
                String level = Catalog.LEVELS[valueOfKey[LEVEL]];
                String message;
                String culprit;
                data.setLength(0);
                Double spent = null;
                String correlation = null;
                switch (t) {
                    case EXCEPTION -> {
                        String exceptionType = Catalog.EXCEPTION_TYPES[r % Catalog.EXCEPTION_TYPES.length];
                        String value = String.format(
                                Catalog.EXCEPTION_TEMPLATES[r / 3 % Catalog.EXCEPTION_TEMPLATES.length],
                                Catalog.RESOURCES[r % Catalog.RESOURCES.length],
                                random.nextInt(100_000));
                        message = exceptionType.substring(exceptionType.lastIndexOf('.') + 1) + ": " + value;
                        culprit = Catalog.culprit(r);
                        String className = Catalog.className(r);
                        String module = culprit.substring(0, culprit.lastIndexOf('.'));
                        String function = culprit.substring(culprit.lastIndexOf('.') + 1);
                        data.append("{\"type\":")
                                .append(jsonString(exceptionType))
                                .append(",\"value\":")
                                .append(jsonString(value))
                                .append(",\"frames\":[")
                                .append("{\"module\":\"com.acme.web.RequestFilter\",\"function\":\"doFilter\",")
                                .append("\"filename\":\"RequestFilter.java\",\"lineno\":88,\"inApp\":true},")
                                .append("{\"module\":")
                                .append(jsonString(module))
                                .append(",\"function\":")
                                .append(jsonString(function))
                                .append(",\"filename\":")
                                .append(jsonString(className + ".java"))
                                .append(",\"lineno\":")
                                .append(20 + r % 400)
                                .append(",\"inApp\":true}]}");
                        if (random.nextDouble() < 0.3) {
                            correlation = "req-" + hex(random.nextLong(), 12);
                        }
                    }
                    case MESSAGE -> {
                        String template = Catalog.MESSAGE_TEMPLATES[r % Catalog.MESSAGE_TEMPLATES.length];
                        String subject = Catalog.RESOURCES[r / 8 % Catalog.RESOURCES.length] + "-" + r;
                        int a = random.nextInt(1000);
                        int b = 1 + random.nextInt(10);
                        message = String.format(template, args(template, subject, a, b));
                        culprit = Catalog.value(LOGGER, groupLogger[r]);
                        data.append("{\"message\":")
                                .append(jsonString(template))
                                .append(",\"params\":")
                                .append(paramsJson(template, subject, a, b))
                                .append('}');
                    }
                    case QUERY -> {
                        String table = Catalog.RESOURCES[r % Catalog.RESOURCES.length] + "_" + r / 25;
                        String verb = Catalog.STATEMENTS[groupStatement[r]];
                        String normalized = switch (verb) {
                            case "insert" -> "INSERT INTO " + table + " (id, payload) VALUES (?, ?)";
                            case "update" -> "UPDATE " + table + " SET payload = ? WHERE id = ?";
                            case "delete" -> "DELETE FROM " + table + " WHERE id = ?";
                            case "other" -> "VACUUM " + table;
                            default -> "SELECT * FROM " + table + " WHERE id = ?";
                        };
                        message = normalized;
                        culprit = verb + " " + table;
                        spent = round(Math.exp(Math.log(40) + random.nextGaussian()));
                        data.append("{\"query\":")
                                .append(jsonString(
                                        normalized.replace("?", Integer.toString(random.nextInt(1_000_000)))))
                                .append(",\"engine\":")
                                .append(jsonString(Catalog.ENGINES[valueOfKey[ENGINE]]))
                                .append(",\"normalized\":")
                                .append(jsonString(normalized))
                                .append('}');
                    }
                    default -> {
                        String template = Catalog.urlTemplate(homeUrls[r][0]);
                        String method = Catalog.METHODS[groupMethod[r]];
                        message = method + " " + template;
                        culprit = template;
                        spent = round(Math.exp(Math.log(120) + 0.8 * random.nextGaussian()));
                        correlation = "req-" + hex(random.nextLong(), 12);
                        data.append("{\"method\":")
                                .append(jsonString(method))
                                .append(",\"url\":")
                                .append(jsonString("https://" + Catalog.HOSTS[valueOfKey[HOST]]
                                        + template.replace("{id}", Integer.toString(random.nextInt(100_000)))))
                                .append(",\"status\":")
                                .append(Catalog.STATUSES[valueOfKey[STATUS]])
                                .append(",\"template\":")
                                .append(jsonString(template))
                                .append('}');
                    }
                }

                tags.setLength(0);
                tags.append("{\"project\":")
                        .append(jsonString(projectSlug))
                        .append(",\"type\":")
                        .append(jsonString(Catalog.TYPES[t]));
                for (int j = 0; j < eventTagCount; j++) {
                    tags.append(',')
                            .append(jsonString(Catalog.KEYS[eventKeys[j]]))
                            .append(':')
                            .append(jsonString(Catalog.value(eventKeys[j], eventValues[j])));
                }
                tags.append('}');

                long received = time + random.nextInt(2_000);
                events.number(eventId)
                        .number(PROJECT_ID)
                        .text(hex(random.nextLong(), 16) + hex(random.nextLong(), 16))
                        .number(groupId)
                        .text(Catalog.TYPES[t])
                        .text(checksums[r])
                        .time(time)
                        .time(received)
                        .text(message)
                        .text(culprit)
                        .text(level);
                if (spent == null) {
                    events.nullValue();
                } else {
                    events.decimal(spent);
                }
                events.text(correlation)
                        .text(tags.toString())
                        .text(data.toString())
                        .number(VIEWS.size())
                        .endRow();

                count(eventId, groupId, r, t, time, message, culprit, level, spent);
                if ((i + 1) % 100_000 == 0) {
                    double seconds = (System.nanoTime() - started) / 1e9;
                    System.out.printf(
                            "    %,9d events  %,11d tag links  %,8d view groups  %5.1f s%n",
                            i + 1, linkCount, viewGroupCount, seconds);
                }
            }
        }
        if (nextGroupId != groupCount + 1) {
            throw new IllegalStateException("groups without events: " + (groupCount + 1 - nextGroupId));
        }
    }

    private static Object[] args(String template, String subject, int a, int b) {
        List<Object> args = new ArrayList<>();
        boolean first = true;
        for (int i = template.indexOf('%'); i >= 0; i = template.indexOf('%', i + 1)) {
            if (template.charAt(i + 1) == 's') {
                args.add(subject);
            } else {
                args.add(first ? a : b);
                first = false;
            }
        }
        return args.toArray();
    }

    private static String paramsJson(String template, String subject, int a, int b) {
        StringBuilder json = new StringBuilder("[");
        Object[] args = args(template, subject, a, b);
        for (int i = 0; i < args.length; i++) {
            json.append(i == 0 ? "" : ",").append(args[i] instanceof String s ? jsonString(s) : args[i].toString());
        }
        return json.append(']').toString();
    }

    private static double round(double millis) {
        return Math.round(millis * 10) / 10.0;
    }

    /** The event's tags, in the order Lookout stores them: the processor's derived tags, then the sender's. */
    private void chooseTags(SplittableRandom random, int r, int t, long time) {
        eventTagCount = 0;
        Arrays.fill(valueOfKey, -1);
        switch (t) {
            case EXCEPTION -> {
                add(FUNCTION, r);
                add(LEVEL, random.nextDouble() < 0.9 ? groupLevel[r] : exceptionLevels.next(random));
                if (random.nextDouble() < 0.7) {
                    add(URL, home(random, homeUrls[r], urls));
                }
                if (random.nextDouble() < 0.7) {
                    add(TRANSACTION, home(random, homeTransactions[r], transactions));
                }
                common(random, time, 0.5);
                client(random, 0.4);
            }
            case MESSAGE -> {
                add(LEVEL, random.nextDouble() < 0.9 ? groupLevel[r] : messageLevels.next(random));
                add(LOGGER, groupLogger[r]);
                common(random, time, 0.4);
                if (random.nextDouble() < 0.5) {
                    add(TRANSACTION, home(random, homeTransactions[r], transactions));
                }
                if (random.nextDouble() < 0.3) {
                    add(COUNTRY, countries.next(random));
                }
            }
            case QUERY -> {
                add(STATEMENT, groupStatement[r]);
                add(ENGINE, random.nextDouble() < 0.95 ? groupEngine[r] : 1 - groupEngine[r]);
                if (random.nextDouble() < 0.9) {
                    add(TRANSACTION, home(random, homeTransactions[r], transactions));
                }
                common(random, time, 0.3);
                add(LEVEL, random.nextDouble() < 0.9 ? groupLevel[r] : queryLevels.next(random));
            }
            default -> {
                double draw = random.nextDouble();
                int status = draw < 0.85 ? statusMain[r] : draw < 0.95 ? statusOther[r] : statuses.next(random);
                int code = Catalog.STATUSES[status];
                add(URL, homeUrls[r][0]);
                add(METHOD, groupMethod[r]);
                add(STATUS, status);
                add(HOST, random.nextDouble() < 0.95 ? groupHost[r] : random.nextInt(Catalog.HOSTS.length));
                add(LEVEL, code >= 500 ? 3 : code >= 400 ? 2 : 1);
                common(random, time, 0.6);
                client(random, 0.9);
            }
        }
    }

    private void common(SplittableRandom random, long time, double userShare) {
        add(ENVIRONMENT, environments.next(random));
        add(SERVER, servers.next(random));
        // releases follow time: the newest ones carry most events, older ones fade out
        double position = (time - windowStart) / (double) (now - windowStart);
        int current = 19 + (int) (position * 180);
        int back = 0;
        while (back < 19 && random.nextDouble() < 0.45) {
            back++;
        }
        add(RELEASE, Math.min(199, current - back));
        if (random.nextDouble() < 0.6) {
            add(REGION, regions.next(random));
        }
        if (random.nextDouble() < 0.5) {
            add(TENANT, tenants.next(random));
        }
        if (random.nextDouble() < userShare) {
            add(USER, users.next(random));
        }
    }

    private void client(SplittableRandom random, double share) {
        if (random.nextDouble() < share) {
            add(BROWSER, browsers.next(random));
        }
        if (random.nextDouble() < share) {
            add(OS, operatingSystems.next(random));
        }
        if (random.nextDouble() < share) {
            add(DEVICE, devices.next(random));
        }
        if (random.nextDouble() < share) {
            add(COUNTRY, countries.next(random));
        }
    }

    /** Mostly one of the group's own values, sometimes any. */
    private static int home(SplittableRandom random, int[] own, Distribution any) {
        return random.nextDouble() < 0.85 ? own[random.nextInt(own.length)] : any.next(random);
    }

    private void add(int key, int value) {
        eventKeys[eventTagCount] = key;
        eventValues[eventTagCount] = value;
        eventTagCount++;
        valueOfKey[key] = value;
    }

    /** What EventStore.store counts for one event. */
    private void count(
            int eventId,
            int groupId,
            int rank,
            int t,
            long time,
            String message,
            String culprit,
            String level,
            Double spent) {
        gCount[groupId]++;
        gLast[groupId] = time;
        gMessage[groupId] = message;
        gCulprit[groupId] = culprit;
        gLevel[groupId] = level;
        if (spent != null) {
            gSpentTotal[groupId] += spent;
            gSpentCount[groupId]++;
            gSpentMax[groupId] = Math.max(gSpentMax[groupId], spent);
        }
        int hour = (int) ((time - firstHour) / HOUR);
        int gh = groupHours.indexOf((long) groupId << 20 | hour);
        ghCount = ensure(ghCount, gh);
        ghCount[gh]++;

        for (int j = 0; j < eventTagCount; j++) {
            int key = eventKeys[j];
            int value = eventValues[j];
            int tagValueId = tagValueIds[key][value];
            if (tagValueId == 0) {
                tagValueId = ++tagValueCount;
                tagValueIds[key][value] = tagValueId;
                if (tagValueId >= tvKey.length) {
                    int size = tvKey.length * 2;
                    tvKey = Arrays.copyOf(tvKey, size);
                    tvValue = Arrays.copyOf(tvValue, size);
                    tvCount = Arrays.copyOf(tvCount, size);
                    tvFirst = Arrays.copyOf(tvFirst, size);
                    tvLast = Arrays.copyOf(tvLast, size);
                }
                tvKey[tagValueId] = key;
                tvValue[tagValueId] = value;
                tvFirst[tagValueId] = time;
            }
            tvCount[tagValueId]++;
            tvLast[tagValueId] = time;
            if (linkCount == linkEvent.length) {
                linkEvent = Arrays.copyOf(linkEvent, linkCount + linkCount / 4);
                linkTagValue = Arrays.copyOf(linkTagValue, linkEvent.length);
            }
            linkTagValue[linkCount] = tagValueId;
            linkEvent[linkCount] = eventId;
            linkCount++;
            int size = groupTags.size();
            int gt = groupTags.indexOf((long) groupId << 32 | tagValueId);
            if (gt == size) {
                gtCount = ensure(gtCount, gt);
                gtFirst = ensure(gtFirst, gt);
                gtLast = ensure(gtLast, gt);
                gtFirst[gt] = time;
            }
            gtCount[gt]++;
            gtLast[gt] = time;
        }

        for (int v = 0; v < VIEWS.size(); v++) {
            ViewSpec view = VIEWS.get(v);
            if (!view.takes(t)) {
                continue;
            }
            String[] values = new String[view.keys().length];
            StringBuilder json = new StringBuilder("[");
            for (int k = 0; k < values.length; k++) {
                int value = valueOfKey[view.keys()[k]];
                values[k] = value < 0 ? null : Catalog.value(view.keys()[k], value);
                json.append(k == 0 ? "" : ",").append(values[k] == null ? "null" : jsonString(values[k]));
            }
            String keyValues = json.append(']').toString();
            String mapKey = v + "/" + groupId + "/" + keyValues;
            Integer existing = viewGroupIds.get(mapKey);
            int vg;
            if (existing == null) {
                vg = ++viewGroupCount;
                viewGroupIds.put(mapKey, vg);
                if (vg >= vgView.length) {
                    int length = vgView.length * 2;
                    vgView = Arrays.copyOf(vgView, length);
                    vgGroup = Arrays.copyOf(vgGroup, length);
                    vgKeyValues = Arrays.copyOf(vgKeyValues, length);
                    vgValues = Arrays.copyOf(vgValues, length);
                    vgCount = Arrays.copyOf(vgCount, length);
                    vgFirst = Arrays.copyOf(vgFirst, length);
                    vgLast = Arrays.copyOf(vgLast, length);
                    vgSpentTotal = Arrays.copyOf(vgSpentTotal, length);
                    vgSpentCount = Arrays.copyOf(vgSpentCount, length);
                    vgSpentMax = Arrays.copyOf(vgSpentMax, length);
                }
                vgView[vg] = v;
                vgGroup[vg] = groupId;
                vgKeyValues[vg] = keyValues;
                vgValues[vg] = values;
                vgFirst[vg] = time;
            } else {
                vg = existing;
            }
            vgCount[vg]++;
            vgLast[vg] = time;
            if (spent != null) {
                vgSpentTotal[vg] += spent;
                vgSpentCount[vg]++;
                vgSpentMax[vg] = Math.max(vgSpentMax[vg], spent);
            }
            int vh = viewGroupHours.indexOf((long) vg << 20 | hour);
            vghCount = ensure(vghCount, vh);
            vghCount[vh]++;
        }
    }

    // ------------------------------------------------------------------------------------------
    // the other tables

    private void writeRest(PGConnection pg) throws SQLException, IOException {
        long started = System.nanoTime();
        try (CopyWriter rows = new CopyWriter(pg, "COPY event_tag (tag_value_id, event_id) FROM STDIN FREEZE")) {
            for (int i = 0; i < linkCount; i++) {
                rows.number(linkTagValue[i]).number(linkEvent[i]).endRow();
            }
        }
        System.out.printf(
                "    event_tag          %,11d rows  %5.1f s%n", linkCount, (System.nanoTime() - started) / 1e9);
        linkEvent = null;
        linkTagValue = null;

        started = System.nanoTime();
        try (CopyWriter rows = new CopyWriter(
                pg,
                "COPY tag_value (id, project_id, tag_key, tag_value, times_seen,"
                        + " first_seen, last_seen) FROM STDIN FREEZE")) {
            for (int id = 1; id <= tagValueCount; id++) {
                rows.number(id)
                        .number(PROJECT_ID)
                        .text(Catalog.KEYS[tvKey[id]])
                        .text(Catalog.value(tvKey[id], tvValue[id]))
                        .number(tvCount[id])
                        .time(tvFirst[id])
                        .time(tvLast[id])
                        .endRow();
            }
        }
        System.out.printf(
                "    tag_value          %,11d rows  %5.1f s%n", tagValueCount, (System.nanoTime() - started) / 1e9);

        started = System.nanoTime();
        try (CopyWriter rows = new CopyWriter(
                pg,
                "COPY event_group (id, project_id, type, checksum, message, culprit,"
                        + " level, status, times_seen, first_seen, last_seen, time_spent_total, time_spent_count, time_spent_max,"
                        + " resolved_at, regressed_at, score) FROM STDIN FREEZE")) {
            for (int id = 1; id <= groupCount; id++) {
                int r = idToRank[id];
                // a few states, as people set them: 3 % ignored, 6 % resolved (quiet for a day), 2 % regressed
                int draw = new SplittableRandom(seed * 131 + r).nextInt(100);
                String status = "unresolved";
                long resolvedAt = Long.MIN_VALUE;
                long regressedAt = Long.MIN_VALUE;
                if (r >= 20 && draw < 3) {
                    status = "ignored";
                } else if (r >= 20 && draw < 9 && gLast[id] < now - DAY) {
                    status = "resolved";
                    resolvedAt = gLast[id] + HOUR;
                } else if (r >= 20 && draw < 11 && gLast[id] - gFirst[id] > 2 * HOUR) {
                    regressedAt = gLast[id] - (gLast[id] - gFirst[id]) / 3;
                }
                rows.number(id)
                        .number(PROJECT_ID)
                        .text(Catalog.TYPES[type[r]])
                        .text(sha256Hex("bench:" + Catalog.TYPES[type[r]] + ":" + r))
                        .text(gMessage[id])
                        .text(gCulprit[id])
                        .text(gLevel[id])
                        .text(status)
                        .number(gCount[id])
                        .time(gFirst[id])
                        .time(gLast[id])
                        .decimal(gSpentTotal[id])
                        .number(gSpentCount[id])
                        .decimal(gSpentMax[id])
                        .timeOrNull(resolvedAt)
                        .timeOrNull(regressedAt)
                        .decimal(score(gCount[id], gLast[id]))
                        .endRow();
            }
        }
        System.out.printf(
                "    event_group        %,11d rows  %5.1f s%n", groupCount, (System.nanoTime() - started) / 1e9);

        started = System.nanoTime();
        long[] keys = groupTags.keys();
        Arrays.sort(keys);
        // since migration V7 the tag key is kept with each count, as ingestion writes it
        boolean keyed = hasColumn((Connection) pg, "group_tag_value", "tag_key");
        try (CopyWriter rows = new CopyWriter(
                pg,
                "COPY group_tag_value (group_id, tag_value_id, times_seen, first_seen," + " last_seen"
                        + (keyed ? ", tag_key" : "") + ") FROM STDIN FREEZE")) {
            for (long key : keys) {
                int i = groupTags.get(key);
                int tagValueId = (int) (key & 0xFFFF_FFFFL);
                rows.number(key >>> 32)
                        .number(tagValueId)
                        .number(gtCount[i])
                        .time(gtFirst[i])
                        .time(gtLast[i]);
                if (keyed) {
                    rows.text(Catalog.KEYS[tvKey[tagValueId]]);
                }
                rows.endRow();
            }
        }
        System.out.printf(
                "    group_tag_value    %,11d rows  %5.1f s%n", keys.length, (System.nanoTime() - started) / 1e9);

        started = System.nanoTime();
        keys = groupHours.keys();
        Arrays.sort(keys);
        try (CopyWriter rows =
                new CopyWriter(pg, "COPY group_hourly (group_id, hour_start, times_seen) FROM STDIN FREEZE")) {
            for (long key : keys) {
                rows.number(key >>> 20)
                        .time(firstHour + (key & 0xFFFFF) * HOUR)
                        .number(ghCount[groupHours.get(key)])
                        .endRow();
            }
        }
        System.out.printf(
                "    group_hourly       %,11d rows  %5.1f s%n", keys.length, (System.nanoTime() - started) / 1e9);

        started = System.nanoTime();
        try (CopyWriter rows = new CopyWriter(
                pg,
                "COPY lookout_view (id, project_id, slug, name, types, tag_keys, generation,"
                        + " created_at, backfill_state, backfill_position, backfill_done, backfill_total) FROM STDIN FREEZE")) {
            for (int v = 0; v < VIEWS.size(); v++) {
                ViewSpec view = VIEWS.get(v);
                // created before the first event, so ingestion counted every event live: nothing to backfill
                rows.number(v + 1)
                        .number(PROJECT_ID)
                        .text(view.slug())
                        .text(view.name())
                        .text(view.types())
                        .text(view.keysJson())
                        .number(v + 1)
                        .time(windowStart - HOUR)
                        .text("done")
                        .number(0)
                        .number(0)
                        .number(0)
                        .endRow();
            }
        }
        try (CopyWriter rows = new CopyWriter(
                pg,
                "COPY view_group (id, view_id, group_id, key_hash, key_values, k1, k2, k3, k4,"
                        + " k5, k6, k7, k8, times_seen, first_seen, last_seen, score, time_spent_total, time_spent_count,"
                        + " time_spent_max) FROM STDIN FREEZE")) {
            for (int id = 1; id <= viewGroupCount; id++) {
                rows.number(id)
                        .number(vgView[id] + 1)
                        .number(vgGroup[id])
                        .text(keyHash(vgKeyValues[id]))
                        .text(vgKeyValues[id]);
                for (int k = 0; k < 8; k++) {
                    rows.text(k < vgValues[id].length ? vgValues[id][k] : null);
                }
                rows.number(vgCount[id])
                        .time(vgFirst[id])
                        .time(vgLast[id])
                        .decimal(score(vgCount[id], vgLast[id]))
                        .decimal(vgSpentTotal[id])
                        .number(vgSpentCount[id])
                        .decimal(vgSpentMax[id])
                        .endRow();
            }
        }
        keys = viewGroupHours.keys();
        Arrays.sort(keys);
        try (CopyWriter rows = new CopyWriter(
                pg, "COPY view_group_hourly (view_group_id, hour_start, times_seen) FROM STDIN FREEZE")) {
            for (long key : keys) {
                rows.number(key >>> 20)
                        .time(firstHour + (key & 0xFFFFF) * HOUR)
                        .number(vghCount[viewGroupHours.get(key)])
                        .endRow();
            }
        }
        System.out.printf(
                "    views              %,11d view groups, %,d hourly rows  %5.1f s%n",
                viewGroupCount, keys.length, (System.nanoTime() - started) / 1e9);
    }

    private static boolean hasColumn(Connection connection, String table, String column) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name = ? AND column_name = ?")) {
            query.setString(1, table);
            query.setString(2, column);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** {@code ln(times_seen) * 600 + last_seen} in epoch seconds, as EventStore keeps it. */
    static double score(long timesSeen, long lastSeenMillis) {
        return Math.log(timesSeen) * 600 + lastSeenMillis / 1000.0;
    }

    /**
     * A password hash in the format of Jakarta Security's {@code Pbkdf2PasswordHash} (Soteria), with
     * Lookout's parameters (io.lookout.security.Roles) but the given iterations:
     * {@code PBKDF2WithHmacSHA256:iterations:base64(salt, 32 bytes):base64(key, 32 bytes)}. Verification
     * reads the iterations from the hash.
     */
    static String pbkdf2(String password, int iterations) {
        try {
            byte[] salt = new byte[32];
            new java.security.SecureRandom().nextBytes(salt);
            byte[] key = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new javax.crypto.spec.PBEKeySpec(password.toCharArray(), salt, iterations, 256))
                    .getEncoded();
            return "PBKDF2WithHmacSHA256:" + iterations + ":"
                    + Base64.getEncoder().encodeToString(salt) + ":"
                    + Base64.getEncoder().encodeToString(key);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As io.lookout.grouping.ViewDefinition.keyHash: Checksums over the one part {@code keyValues}. */
    static String keyHash(String keyValues) {
        return sha256Hex(keyValues);
    }

    /** 32 hex characters of the SHA-256 of the length-prefixed part, as io.lookout.processing.Checksums. */
    static String sha256Hex(String part) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sha256.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            sha256.update(bytes);
            return HexFormat.of().formatHex(sha256.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String jsonString(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    private static String hex(long value, int digits) {
        String hex = Long.toHexString(value);
        if (hex.length() < 16) {
            hex = "0".repeat(16 - hex.length()) + hex;
        }
        return hex.substring(16 - digits);
    }

    private static long[] ensure(long[] array, int index) {
        return index < array.length ? array : Arrays.copyOf(array, Math.max(index + 1, array.length * 2));
    }

    // ------------------------------------------------------------------------------------------

    private void report(Connection connection) throws SQLException {
        System.out.println("  data shape:");
        try (Statement statement = connection.createStatement()) {
            for (String table : List.of(
                    "event",
                    "event_tag",
                    "tag_value",
                    "event_group",
                    "group_tag_value",
                    "group_hourly",
                    "lookout_view",
                    "view_group",
                    "view_group_hourly")) {
                try (ResultSet rows = statement.executeQuery(
                        "SELECT COUNT(*), pg_size_pretty(pg_total_relation_size('" + table + "')) FROM " + table)) {
                    rows.next();
                    System.out.printf(
                            "    %-18s %,11d rows  %10s with indexes%n", table, rows.getLong(1), rows.getString(2));
                }
            }
            try (ResultSet rows =
                    statement.executeQuery("SELECT pg_size_pretty(pg_database_size(current_database()))")) {
                rows.next();
                System.out.printf(
                        "    database size %s; %.2f linked tags per event%n",
                        rows.getString(1), linkCount / (double) eventCount);
            }
            try (ResultSet rows = statement.executeQuery("SELECT tag_key, COUNT(*), SUM(times_seen) FROM tag_value"
                    + " GROUP BY tag_key ORDER BY COUNT(*) DESC")) {
                StringBuilder line = new StringBuilder("    distinct values (events) per key:");
                int n = 0;
                while (rows.next()) {
                    line.append(n++ % 5 == 0 ? "\n      " : ", ")
                            .append(rows.getString(1))
                            .append(' ')
                            .append(String.format("%,d (%,d)", rows.getLong(2), rows.getLong(3)));
                }
                System.out.println(line);
            }
            try (ResultSet rows = statement.executeQuery(
                    "SELECT type, COUNT(*), SUM(times_seen), MAX(times_seen),"
                            + " percentile_disc(0.5) WITHIN GROUP (ORDER BY times_seen) FROM event_group GROUP BY type ORDER BY 3 DESC")) {
                while (rows.next()) {
                    System.out.printf(
                            "    %-9s %,6d groups  %,9d events  biggest %,7d  median %,d%n",
                            rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getLong(4), rows.getLong(5));
                }
            }
            try (ResultSet rows =
                    statement.executeQuery("SELECT status, COUNT(*) FROM event_group GROUP BY status ORDER BY 1")) {
                StringBuilder line = new StringBuilder("    group status:");
                while (rows.next()) {
                    line.append(' ').append(rows.getString(1)).append(' ').append(rows.getLong(2));
                }
                System.out.println(line);
            }
            try (ResultSet rows =
                    statement.executeQuery("SELECT v.slug, COUNT(vg.id), SUM(vg.times_seen) FROM lookout_view v"
                            + " LEFT JOIN view_group vg ON vg.view_id = v.id GROUP BY v.slug ORDER BY v.slug")) {
                while (rows.next()) {
                    System.out.printf(
                            "    view %-27s %,8d view groups  %,9d events%n",
                            rows.getString(1), rows.getLong(2), rows.getLong(3));
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT MIN(occurred_at), MAX(occurred_at) FROM event")) {
                rows.next();
                Timestamp first = rows.getTimestamp(1);
                Timestamp last = rows.getTimestamp(2);
                System.out.printf("    events from %s to %s%n", first.toInstant(), last.toInstant());
            }
        }
    }
}
