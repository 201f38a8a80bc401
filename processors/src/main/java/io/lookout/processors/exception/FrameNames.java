package io.lookout.processors.exception;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes the parts of module, function and file names that differ from build to build or from
 * run to run, so that the same code yields the same frame key. Every pattern consumes its runs
 * possessively, and names are cut to {@value #MAX_NAME_LENGTH} characters first, so the work per
 * name is bounded.
 *
 * <p>Module and function names (JVM, .NET, Python, JavaScript):
 * <ul>
 * <li>{@code Cart$$Lambda$123/0x0000000800c0b040}, {@code Cart$$Lambda/0x…} → {@code Cart$$Lambda}
 * <li>{@code LambdaForm$MH/0x…}, {@code LambdaForm$DMH/1234} → {@code LambdaForm$MH}, {@code LambdaForm$DMH}
 * <li>{@code lambda$checkout$0} → {@code lambda$checkout}; {@code lambda$0} (ECJ) → {@code lambda};
 *     Kotlin {@code checkout$lambda$0}, {@code checkout$lambda-0} → {@code checkout$lambda};
 *     Scala {@code $anonfun$checkout$1} → {@code $anonfun$checkout}
 * <li>{@code $$EnhancerBySpringCGLIB$$a1b2c3d4}, {@code $$SpringCGLIB$$0},
 *     {@code $$FastClassByCGLIB$$abc123} → the part up to the hash ({@code $$EnhancerBySpringCGLIB}); a
 *     hash is {@code $$} and hex digits with at least one digit
 * <li>{@code $HibernateProxy$AbCd1234}, {@code $ByteBuddy$xYz987}, {@code $MockitoMock$123456}
 *     → {@code $HibernateProxy}, {@code $ByteBuddy}, {@code $MockitoMock}
 * <li>Javassist {@code _$$_jvst5a1_0}, {@code _$$_javassist_12} → {@code _$$_jvst}, {@code _$$_javassist}
 * <li>WildFly EJB views {@code OrderService$$$view12} → {@code OrderService$$$view}
 * <li>{@code $Proxy42} → {@code $Proxy}; module {@code jdk.proxy2} → {@code jdk.proxy}
 * <li>{@code GeneratedMethodAccessor123} (and the constructor and serialization variants) →
 *     {@code GeneratedMethodAccessor}
 * <li>.NET {@code <CheckoutAsync>d__12} → {@code <CheckoutAsync>d}, {@code <Checkout>b__0_0} →
 *     {@code <Checkout>b}, {@code <>c__DisplayClass5_0} → {@code <>c__DisplayClass}
 * <li>Python reprs {@code <function f at 0x7f3a2c>} → {@code <function f>}
 * <li>JavaScript {@code Promise.all (index 3)} → {@code Promise.all}; a function {@code anonymous}
 *     → {@code <anonymous>}; a missing or blank function → {@code ?}
 * </ul>
 * Anonymous inner classes ({@code Cart$1}) and Kotlin continuation classes keep their numbers:
 * they are assigned in source order and are stable as long as the source is.
 *
 * <p>File names (used only when a frame has no module): the scheme and host of a URL, the query
 * and fragment, a trailing {@code :line} or {@code :line:column}, and bundle hashes
 * ({@code main.3f2a9b7c.js}, {@code index-BdG2a8Kq.js} → {@code main.<hash>.js},
 * {@code index-<hash>.js}) are removed or replaced.
 */
final class FrameNames {

    /** Names are cut to this length before they are normalised. */
    static final int MAX_NAME_LENGTH = 256;

    private record Rule(String trigger, Pattern pattern, String replacement) {
        String apply(String name) {
            return name.contains(trigger) ? pattern.matcher(name).replaceAll(replacement) : name;
        }
    }

    private static final List<Rule> SYMBOL_RULES = List.of(
            rule(
                    "$$Lambda",
                    "\\$\\$Lambda(?:\\$\\d++)?+(?:/(?:0x)?+[0-9a-fA-F]++)?+",
                    Matcher.quoteReplacement("$$Lambda")),
            rule("LambdaForm$", "(LambdaForm\\$[A-Za-z]++)/(?:0x)?+[0-9a-fA-F]++", "$1"),
            rule("/0x", "/0x[0-9a-fA-F]++", ""),
            rule("$", "(lambda|anonfun)\\$([A-Za-z_]\\w*+)\\$\\d++", "$1\\$$2"),
            rule("lambda", "(lambda)[$-]\\d++", "$1"),
            rule("anonfun$", "(anonfun)\\$\\d++", "$1"),
            rule("$$$view", "\\$\\$\\$view\\d++", Matcher.quoteReplacement("$$$view")),
            rule("$$", "\\$\\$(?=[a-fA-F]*+\\d)[0-9a-fA-F]++(?!\\w)", ""),
            rule("$", "\\$(HibernateProxy|ByteBuddy|MockitoMock)\\$(?:auxiliary\\$)?+[0-9A-Za-z]++", "\\$$1"),
            rule("_$$_", "_\\$\\$_(jvst|javassist)[0-9a-fA-F_]*+", Matcher.quoteReplacement("_$$_") + "$1"),
            rule("$Proxy", "\\$Proxy\\d++", Matcher.quoteReplacement("$Proxy")),
            rule("jdk.proxy", "\\bjdk\\.proxy\\d++", "jdk.proxy"),
            rule("Accessor", "(Generated(?:Serialization)?+(?:Method|Constructor)Accessor)\\d++", "$1"),
            rule(">", "(<\\w*+>[a-z])__\\d++(?:_\\d++)?+", "$1"),
            rule("DisplayClass", "(<>c__DisplayClass)\\d++(?:_\\d++)?+", "$1"),
            rule(" at 0x", "\\s++at 0x[0-9a-fA-F]++", ""),
            rule("(index", "\\s*+\\(index \\d++\\)", ""));

    private static final List<Rule> FILE_RULES = List.of(
            rule("#", "#.*+", ""),
            rule("?", "\\?.*+", ""),
            rule("://", "^[a-zA-Z][a-zA-Z0-9+.-]*+://[^/]*+/?+(?:\\./)?+", ""),
            rule(":", "(?::\\d++){1,2}+$", ""),
            rule(".", "(?<=[.-])(?=[A-Za-z_]*+\\d)[0-9A-Za-z_]{6,}+(?=\\.)", "<hash>"));

    private FrameNames() {}

    private static Rule rule(String trigger, String regex, String replacement) {
        return new Rule(trigger, Pattern.compile(regex), replacement);
    }

    /** A module (class, package, Python module) without its volatile parts, or {@code null}. */
    static String module(String module) {
        String name = cut(module);
        return name == null ? null : symbol(name);
    }

    /** A function without its volatile parts; {@code ?} when there is none. */
    static String function(String function) {
        String name = cut(function);
        if (name == null || name.equals("?")) {
            return "?";
        }
        if (name.equals("anonymous") || name.equals("<anonymous>")) {
            return "<anonymous>";
        }
        name = symbol(name);
        return name.isEmpty() ? "?" : name;
    }

    /** A file name without origin, query, line information and bundle hashes, or {@code null}. */
    static String filename(String filename) {
        String name = cut(filename);
        if (name == null) {
            return null;
        }
        for (Rule rule : FILE_RULES) {
            name = rule.apply(name);
        }
        return name.isBlank() ? null : name;
    }

    private static String symbol(String name) {
        String result = name;
        for (Rule rule : SYMBOL_RULES) {
            result = rule.apply(result);
        }
        return result.strip();
    }

    private static String cut(String name) {
        if (name == null) {
            return null;
        }
        String stripped = name.strip();
        if (stripped.isEmpty()) {
            return null;
        }
        return stripped.length() > MAX_NAME_LENGTH ? stripped.substring(0, MAX_NAME_LENGTH) : stripped;
    }
}
