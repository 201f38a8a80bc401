package io.lookout.processing.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads a rules text into {@link Rule}s; see {@link GroupingRules#parse(String)} for the syntax. */
final class RuleParser {

    private static final String ACTIONS = "fingerprint, strip, +app, -app";
    private static final String VARIABLES =
            "{{ default }}, {{ type }}, {{ error.type }}, {{ message }}, {{ tags.KEY }}";

    /** A word of a line: its text with quotes and escapes resolved, where it starts, and its kind. */
    private record Token(String text, int column, boolean quoted, boolean variable) {}

    private RuleParser() {}

    static List<Rule> parse(String text) throws RuleSyntaxException {
        if (text.length() > GroupingRules.MAX_LENGTH) {
            throw new RuleSyntaxException(
                    0, 0, "the rules are longer than " + GroupingRules.MAX_LENGTH + " characters (64 KB)");
        }
        List<Rule> rules = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            List<Token> tokens = tokens(line, i + 1);
            if (tokens.isEmpty()) {
                continue;
            }
            if (rules.size() == GroupingRules.MAX_RULES) {
                throw new RuleSyntaxException(i + 1, 1, "more than " + GroupingRules.MAX_RULES + " rules");
            }
            rules.add(rule(line, tokens, i + 1));
        }
        return rules;
    }

    private static Rule rule(String line, List<Token> tokens, int lineNumber) throws RuleSyntaxException {
        int arrow = -1;
        for (int i = 0; i < tokens.size(); i++) {
            if (!tokens.get(i).quoted() && tokens.get(i).text().equals("->")) {
                arrow = i;
                break;
            }
        }
        if (arrow < 0) {
            Token last = tokens.get(tokens.size() - 1);
            throw new RuleSyntaxException(
                    lineNumber,
                    last.column() + last.text().length(),
                    "expected '->' and an action (" + ACTIONS + ") after the matchers");
        }
        if (arrow == 0) {
            throw new RuleSyntaxException(
                    lineNumber, tokens.get(0).column(), "a rule needs at least one matcher before '->'");
        }
        List<Matcher> matchers = new ArrayList<>();
        for (Token token : tokens.subList(0, arrow)) {
            matchers.add(matcher(token, lineNumber));
        }
        if (arrow == tokens.size() - 1) {
            Token at = tokens.get(arrow);
            throw new RuleSyntaxException(
                    lineNumber, at.column() + 2, "expected an action (" + ACTIONS + ") after '->'");
        }
        Token name = tokens.get(arrow + 1);
        List<Token> arguments = tokens.subList(arrow + 2, tokens.size());
        Action action = switch (name.quoted() || name.variable() ? "" : name.text()) {
            case "fingerprint" -> fingerprint(name, arguments, lineNumber);
            case "strip" -> strip(name, arguments, lineNumber);
            case "+app", "-app" -> app(name, arguments, matchers, tokens, lineNumber);
            default ->
                throw new RuleSyntaxException(
                        lineNumber, name.column(), "unknown action '" + name.text() + "'; known: " + ACTIONS);
        };
        Token last = tokens.get(tokens.size() - 1);
        int end = Math.min(line.length(), endOf(line, last));
        String text = line.substring(tokens.get(0).column() - 1, end).strip();
        return new Rule(lineNumber, text, matchers, action);
    }

    /** The index just after a token in the line (its closing quote or braces included). */
    private static int endOf(String line, Token token) {
        int i = token.column() - 1;
        boolean inQuote = false;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (inQuote) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inQuote = false;
                }
            } else if (c == '"') {
                inQuote = true;
            } else if (token.variable() && c == '}' && i + 1 < line.length() && line.charAt(i + 1) == '}') {
                return i + 2;
            } else if (!token.variable() && Character.isWhitespace(c)) {
                return i;
            }
            i++;
        }
        return i;
    }

    private static Matcher matcher(Token token, int line) throws RuleSyntaxException {
        if (token.variable()) {
            throw new RuleSyntaxException(line, token.column(), "expected a matcher field:pattern, found a variable");
        }
        String text = token.text();
        boolean negated = text.startsWith("!");
        String body = negated ? text.substring(1) : text;
        int colon = body.indexOf(':');
        if (colon < 0) {
            throw new RuleSyntaxException(
                    line,
                    token.column(),
                    "expected a matcher field:pattern (fields: " + Field.KNOWN + "), found '" + text + "'");
        }
        String fieldName = body.substring(0, colon);
        Field field = Field.named(fieldName);
        int fieldColumn = token.column() + (negated ? 1 : 0);
        if (field == null) {
            throw new RuleSyntaxException(
                    line, fieldColumn, "unknown field '" + fieldName + "'; known: " + Field.KNOWN);
        }
        String tagKey = null;
        if (field == Field.TAG) {
            tagKey = fieldName.substring("tags.".length());
            if (tagKey.isEmpty()) {
                throw new RuleSyntaxException(line, fieldColumn, "'tags.' needs a key, for example tags.environment");
            }
        }
        String pattern = body.substring(colon + 1);
        if (pattern.isEmpty()) {
            throw new RuleSyntaxException(
                    line, fieldColumn + colon + 1, "the pattern of '" + fieldName + "' is empty; * matches any value");
        }
        return new Matcher(field, tagKey, negated, Glob.compile(pattern));
    }

    private static Action fingerprint(Token name, List<Token> arguments, int line) throws RuleSyntaxException {
        if (arguments.isEmpty()) {
            throw new RuleSyntaxException(
                    line,
                    name.column() + name.text().length(),
                    "'fingerprint' needs at least one part, for example {{ default }} or a word");
        }
        List<Action.Part> parts = new ArrayList<>();
        for (Token token : arguments) {
            if (!token.variable()) {
                parts.add(new Action.Literal(token.text()));
                continue;
            }
            String variable = token.text();
            if (variable.equals("default")) {
                parts.add(new Action.Default());
            } else if (variable.equals("type")) {
                parts.add(new Action.Value(Field.TYPE, null));
            } else if (variable.equals("error.type")) {
                parts.add(new Action.Value(Field.ERROR_TYPE, null));
            } else if (variable.equals("message")) {
                parts.add(new Action.Value(Field.MESSAGE, null));
            } else if (variable.startsWith("tags.") && variable.length() > "tags.".length()) {
                parts.add(new Action.Value(Field.TAG, variable.substring("tags.".length())));
            } else {
                throw new RuleSyntaxException(
                        line, token.column(), "unknown variable '{{ " + variable + " }}'; known: " + VARIABLES);
            }
        }
        return new Action.Fingerprint(parts);
    }

    private static Action strip(Token name, List<Token> arguments, int line) throws RuleSyntaxException {
        if (arguments.size() != 1 || arguments.get(0).variable()) {
            int column = arguments.isEmpty()
                    ? name.column() + name.text().length()
                    : arguments.get(arguments.size() == 1 ? 0 : 1).column();
            throw new RuleSyntaxException(
                    line, column, "'strip' needs one regular expression, quoted: strip \"user-\\d+\"");
        }
        Token regex = arguments.get(0);
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex.text());
        } catch (PatternSyntaxException e) {
            throw new RuleSyntaxException(
                    line,
                    regex.column(),
                    "invalid regular expression: " + e.getDescription() + " near index " + e.getIndex());
        }
        if (pattern.matcher("").matches()) {
            throw new RuleSyntaxException(
                    line,
                    regex.column(),
                    "the regular expression matches the empty text; it must match at least one character");
        }
        return new Action.Strip(pattern);
    }

    private static Action app(Token name, List<Token> arguments, List<Matcher> matchers, List<Token> tokens, int line)
            throws RuleSyntaxException {
        if (!arguments.isEmpty()) {
            throw new RuleSyntaxException(
                    line, arguments.get(0).column(), "'" + name.text() + "' takes nothing after it");
        }
        for (int i = 0; i < matchers.size(); i++) {
            Matcher matcher = matchers.get(i);
            if (!matcher.field().beforeProcessor()) {
                throw new RuleSyntaxException(
                        line,
                        tokens.get(i).column(),
                        "'" + matcher.field().syntax() + "' cannot select frames: " + name.text()
                                + " rules run before the processor, when only "
                                + String.join(", ", Field.beforeProcessorNames()) + " are known");
            }
        }
        return new Action.App(name.text().equals("+app"));
    }

    /** Splits a line into words; {@code #} outside quotes starts a comment. */
    private static List<Token> tokens(String line, int lineNumber) throws RuleSyntaxException {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '#') {
                break;
            }
            int start = i;
            if (line.startsWith("{{", i)) {
                int close = line.indexOf("}}", i + 2);
                if (close < 0) {
                    throw new RuleSyntaxException(lineNumber, start + 1, "'{{' without its '}}'");
                }
                tokens.add(new Token(line.substring(i + 2, close).strip(), start + 1, false, true));
                i = close + 2;
                continue;
            }
            StringBuilder text = new StringBuilder();
            boolean quoted = false;
            while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
                char d = line.charAt(i);
                if (d == '"') {
                    quoted = true;
                    int quoteStart = i;
                    i++;
                    boolean closed = false;
                    while (i < line.length()) {
                        char e = line.charAt(i);
                        if (e == '\\' && i + 1 < line.length()) {
                            char next = line.charAt(i + 1);
                            if (next == '"' || next == '\\') {
                                text.append(next);
                            } else {
                                text.append(e).append(next);
                            }
                            i += 2;
                        } else if (e == '"') {
                            closed = true;
                            i++;
                            break;
                        } else {
                            text.append(e);
                            i++;
                        }
                    }
                    if (!closed) {
                        throw new RuleSyntaxException(lineNumber, quoteStart + 1, "a quote without its closing '\"'");
                    }
                } else {
                    text.append(d);
                    i++;
                }
            }
            tokens.add(new Token(text.toString(), start + 1, quoted, false));
        }
        return tokens;
    }
}
