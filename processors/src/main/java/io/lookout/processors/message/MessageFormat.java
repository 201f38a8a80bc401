package io.lookout.processors.message;

import java.util.List;

/**
 * Formats a logging template with its parameters. Understands the placeholders of the common
 * Java and Python logging styles: {@code %s}, {@code %d} (and other single-letter {@code printf}
 * conversions), {@code {}} (SLF4J) and {@code {0}} (java.util.logging). {@code %%} is a percent
 * sign. Placeholders without a parameter stay as they are.
 */
final class MessageFormat {

    private MessageFormat() {}

    static String format(String template, List<String> params) {
        StringBuilder out = new StringBuilder(template.length() + 16 * params.size());
        int next = 0;
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '%' && i + 1 < template.length()) {
                char conversion = template.charAt(i + 1);
                if (conversion == '%') {
                    out.append('%');
                    i += 2;
                    continue;
                }
                if ("sdifxXeEgGcr".indexOf(conversion) >= 0 && next < params.size()) {
                    out.append(params.get(next++));
                    i += 2;
                    continue;
                }
            } else if (c == '{') {
                int close = template.indexOf('}', i);
                if (close == i + 1 && next < params.size()) {
                    out.append(params.get(next++));
                    i += 2;
                    continue;
                }
                if (close > i + 1 && template.substring(i + 1, close).chars().allMatch(Character::isDigit)) {
                    int index = Integer.parseInt(template.substring(i + 1, close));
                    if (index < params.size()) {
                        out.append(params.get(index));
                        i = close + 1;
                        continue;
                    }
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }
}
