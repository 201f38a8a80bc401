package io.lookout.bench;

import java.util.List;

/**
 * The 20 tag keys of the generated data and how their values are named. A value is an index
 * 0..cardinality-1 of its key; {@link #value} turns it into the stored text. The keys are those a
 * Lookout installation sees: the processors' derived tags ({@code function}, {@code url},
 * {@code method}, {@code status}, {@code host}, {@code statement}, {@code engine}, {@code logger},
 * {@code level}) and the tags SDKs send.
 */
final class Catalog {

    static final String[] TYPES = {"exception", "message", "query", "request"};
    static final int EXCEPTION = 0;
    static final int MESSAGE = 1;
    static final int QUERY = 2;
    static final int REQUEST = 3;

    static final int LEVEL = 0;
    static final int ENVIRONMENT = 1;
    static final int SERVER = 2;
    static final int RELEASE = 3;
    static final int REGION = 4;
    static final int TENANT = 5;
    static final int USER = 6;
    static final int BROWSER = 7;
    static final int OS = 8;
    static final int DEVICE = 9;
    static final int COUNTRY = 10;
    static final int TRANSACTION = 11;
    static final int FUNCTION = 12;
    static final int URL = 13;
    static final int METHOD = 14;
    static final int STATUS = 15;
    static final int HOST = 16;
    static final int STATEMENT = 17;
    static final int ENGINE = 18;
    static final int LOGGER = 19;

    static final String[] KEYS = {
        "level",
        "environment",
        "server",
        "release",
        "region",
        "tenant",
        "user",
        "browser",
        "os",
        "device",
        "country",
        "transaction",
        "function",
        "url",
        "method",
        "status",
        "host",
        "statement",
        "engine",
        "logger"
    };

    static final String[] LEVELS = {"debug", "info", "warning", "error", "fatal"};
    static final String[] ENVIRONMENTS = {"production", "staging", "development"};
    static final String[] REGIONS = {
        "eu-west-1",
        "us-east-1",
        "us-west-2",
        "eu-central-1",
        "ap-southeast-1",
        "ap-northeast-1",
        "sa-east-1",
        "ca-central-1"
    };
    static final String[] BROWSERS = {
        "Chrome 131",
        "Safari 18.1",
        "Chrome 130",
        "Firefox 133",
        "Edge 131",
        "Chrome Mobile 131",
        "Safari Mobile 18.1",
        "Chrome 129",
        "Samsung Internet 26",
        "Firefox 132",
        "Opera 114",
        "Safari 17.6",
        "Edge 130",
        "Firefox ESR 128",
        "Chrome 128",
        "Brave 1.73",
        "Vivaldi 7.0",
        "Yandex 24.10",
        "UC Browser 15.5",
        "Chrome 127"
    };
    static final String[] OPERATING_SYSTEMS = {
        "Windows 11",
        "Windows 10",
        "macOS 15",
        "iOS 18",
        "Android 15",
        "macOS 14",
        "Android 14",
        "Ubuntu 24.04",
        "iPadOS 18",
        "ChromeOS 130"
    };
    static final String[] DEVICES = {"desktop", "mobile", "tablet"};
    static final String[] COUNTRIES = {
        "US", "DE", "GB", "FR", "IN", "BR", "CA", "NL", "JP", "ES", "IT", "AU", "PL", "SE", "CH", "AT", "BE", "MX",
        "KR", "SG", "DK", "NO", "FI", "IE", "PT", "CZ", "RO", "HU", "GR", "TR", "IL", "ZA", "AR", "CL", "CO", "PE",
        "NZ", "HK", "TW", "TH", "VN", "ID", "MY", "PH", "AE", "SA", "EG", "NG", "KE", "MA", "UA", "SK", "SI", "HR",
        "BG", "RS", "LT", "LV", "EE", "IS"
    };
    static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"};
    static final int[] STATUSES = {
        200, 201, 202, 204, 206, 301, 302, 304, 307, 308, 400, 401, 403, 404, 405, 406, 408, 409, 410, 413, 415, 422,
        429, 431, 500, 501, 502, 503, 504, 507
    };
    static final String[] HOSTS = {
        "shop.example.com", "api.example.com", "admin.example.com", "m.example.com", "static.example.com"
    };
    static final String[] STATEMENTS = {"select", "insert", "update", "delete", "other"};
    static final String[] ENGINES = {"postgresql", "mysql"};

    static final String[] RESOURCES = {
        "orders",
        "carts",
        "items",
        "users",
        "payments",
        "invoices",
        "shipments",
        "products",
        "categories",
        "reviews",
        "coupons",
        "sessions",
        "accounts",
        "addresses",
        "wishlists",
        "returns",
        "refunds",
        "subscriptions",
        "notifications",
        "reports",
        "exports",
        "imports",
        "webhooks",
        "tokens",
        "search"
    };
    static final String[] ACTIONS = {
        "view",
        "list",
        "create",
        "update",
        "cancel",
        "confirm",
        "refund",
        "export",
        "archive",
        "restore",
        "approve",
        "reject",
        "assign",
        "close",
        "reopen",
        "merge",
        "split",
        "preview",
        "publish",
        "validate",
        "sync",
        "notify",
        "retry",
        "lock",
        "unlock",
        "share",
        "rate",
        "clone",
        "attach",
        "detach",
        "schedule",
        "resend",
        "verify",
        "sign",
        "upload",
        "download",
        "print",
        "track",
        "tag",
        "audit"
    };
    static final String[] PACKAGES = {
        "cart",
        "checkout",
        "payment",
        "catalog",
        "search",
        "account",
        "shipping",
        "inventory",
        "pricing",
        "notification",
        "reporting",
        "auth"
    };
    static final String[] CLASSES = {
        "Service",
        "Controller",
        "Repository",
        "Client",
        "Handler",
        "Mapper",
        "Validator",
        "Scheduler",
        "Listener",
        "Gateway",
        "Cache",
        "Resolver",
        "Importer",
        "Exporter",
        "Calculator",
        "Publisher",
        "Consumer",
        "Adapter",
        "Factory",
        "Filter",
        "Job",
        "Task",
        "Worker",
        "Manager",
        "Facade"
    };
    static final String[] METHOD_NAMES = {
        "load",
        "save",
        "apply",
        "handle",
        "process",
        "resolve",
        "compute",
        "fetch",
        "update",
        "validate",
        "render",
        "send",
        "parse",
        "lookup",
        "refresh",
        "commit"
    };
    static final String[] EXCEPTION_TYPES = {
        "java.lang.IllegalStateException",
        "java.lang.NullPointerException",
        "java.lang.IllegalArgumentException",
        "java.util.NoSuchElementException",
        "java.util.concurrent.TimeoutException",
        "java.io.UncheckedIOException",
        "jakarta.persistence.OptimisticLockException",
        "java.lang.ArithmeticException",
        "java.lang.IndexOutOfBoundsException",
        "java.net.SocketTimeoutException",
        "java.lang.UnsupportedOperationException",
        "java.sql.SQLTransientConnectionException"
    };
    static final String[] EXCEPTION_TEMPLATES = {
        "%s %d is locked",
        "no %s with id %d",
        "%s %d has no price",
        "cannot reach the %s backend after %d ms",
        "%s %d changed concurrently",
        "%s index %d out of range",
        "%s %d is not in a valid state",
        "timeout reading %s %d"
    };
    static final String[] MESSAGE_TEMPLATES = {
        "Job %d of queue %s failed after %d attempts",
        "User %s failed login %d times",
        "Cache %s evicted %d entries in %d ms",
        "Slow response from %s: %d ms",
        "Retrying %s, attempt %d of %d",
        "Import of %s skipped %d rows",
        "Webhook to %s answered %d",
        "Rate limit for %s reached: %d requests"
    };

    /** Value counts per key; {@code function} has one value per group (the culprit of an exception group). */
    static int[] cardinalities(int groups) {
        return new int[] {
            LEVELS.length,
            ENVIRONMENTS.length,
            50,
            200,
            REGIONS.length,
            1_000,
            100_000,
            BROWSERS.length,
            OPERATING_SYSTEMS.length,
            DEVICES.length,
            COUNTRIES.length,
            500,
            groups,
            2_000,
            METHODS.length,
            STATUSES.length,
            HOSTS.length,
            STATEMENTS.length,
            ENGINES.length,
            300
        };
    }

    private Catalog() {}

    static String value(int key, int index) {
        return switch (key) {
            case LEVEL -> LEVELS[index];
            case ENVIRONMENT -> ENVIRONMENTS[index];
            case SERVER -> String.format("web-%02d", index + 1);
            case RELEASE -> "1." + index / 10 + "." + index % 10;
            case REGION -> REGIONS[index];
            case TENANT -> String.format("tenant-%04d", index + 1);
            case USER -> String.format("user-%06d", index + 1);
            case BROWSER -> BROWSERS[index];
            case OS -> OPERATING_SYSTEMS[index];
            case DEVICE -> DEVICES[index];
            case COUNTRY -> COUNTRIES[index];
            case TRANSACTION -> RESOURCES[index % RESOURCES.length] + "." + ACTIONS[index / RESOURCES.length];
            case FUNCTION -> culprit(index);
            case URL -> urlTemplate(index);
            case METHOD -> METHODS[index];
            case STATUS -> Integer.toString(STATUSES[index]);
            case HOST -> HOSTS[index];
            case STATEMENT -> STATEMENTS[index];
            case ENGINE -> ENGINES[index];
            case LOGGER ->
                "com.acme." + PACKAGES[index % PACKAGES.length] + "."
                        + CLASSES[index / PACKAGES.length % CLASSES.length];
            default -> throw new IllegalArgumentException("key " + key);
        };
    }

    /** {@code /api/v1/orders/{id}/cancel}: 2 versions x 25 resources x 40 actions. */
    static String urlTemplate(int index) {
        return "/api/v" + (1 + index / 1000) + "/" + RESOURCES[index % RESOURCES.length] + "/{id}/"
                + ACTIONS[index / RESOURCES.length % ACTIONS.length];
    }

    /** The in-app frame an exception group of this rank is thrown from. */
    static String culprit(int rank) {
        return "com.acme." + PACKAGES[rank % PACKAGES.length] + "." + className(rank) + "."
                + METHOD_NAMES[rank / 7 % METHOD_NAMES.length];
    }

    static String className(int rank) {
        return capitalized(PACKAGES[rank % PACKAGES.length])
                + CLASSES[rank / PACKAGES.length % CLASSES.length]
                + (rank / 300);
    }

    static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    static List<String> keys() {
        return List.of(KEYS);
    }
}
