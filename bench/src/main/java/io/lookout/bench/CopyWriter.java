package io.lookout.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Rows for one {@code COPY ... FROM STDIN} in PostgreSQL's text format: fields separated by tabs,
 * {@code \N} for null, backslash, tab, newline and carriage return escaped; timestamps in UTC.
 */
final class CopyWriter implements AutoCloseable {

    private final PGCopyOutputStream out;
    private final byte[] buffer = new byte[1 << 16];
    private final Map<Long, byte[]> days = new HashMap<>();
    private int position;
    private boolean firstField = true;
    private long rows;

    CopyWriter(PGConnection connection, String copySql) throws SQLException {
        out = new PGCopyOutputStream(connection, copySql, 1 << 20);
    }

    CopyWriter text(String value) throws IOException {
        separator();
        if (value == null) {
            ascii("\\N");
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                escaped(value.substring(i).getBytes(StandardCharsets.UTF_8));
                return this;
            }
            escaped((byte) c);
        }
        return this;
    }

    CopyWriter number(long value) throws IOException {
        separator();
        ascii(Long.toString(value));
        return this;
    }

    CopyWriter decimal(double value) throws IOException {
        separator();
        ascii(Double.toString(value));
        return this;
    }

    CopyWriter nullValue() throws IOException {
        separator();
        ascii("\\N");
        return this;
    }

    /** A {@code TIMESTAMP WITH TIME ZONE} from epoch milliseconds, e.g. {@code 2026-11-28 12:00:00.123+00}. */
    CopyWriter time(long epochMillis) throws IOException {
        separator();
        long day = Math.floorDiv(epochMillis, 86_400_000L);
        byte[] date =
                days.computeIfAbsent(day, d -> (LocalDate.ofEpochDay(d) + " ").getBytes(StandardCharsets.US_ASCII));
        raw(date);
        int millisOfDay = (int) Math.floorMod(epochMillis, 86_400_000L);
        int hours = millisOfDay / 3_600_000;
        int minutes = millisOfDay / 60_000 % 60;
        int seconds = millisOfDay / 1000 % 60;
        int millis = millisOfDay % 1000;
        two(hours);
        put(':');
        two(minutes);
        put(':');
        two(seconds);
        put('.');
        put('0' + millis / 100);
        two(millis % 100);
        ascii("+00");
        return this;
    }

    CopyWriter timeOrNull(long epochMillis) throws IOException {
        return epochMillis == Long.MIN_VALUE ? nullValue() : time(epochMillis);
    }

    void endRow() throws IOException {
        put('\n');
        firstField = true;
        rows++;
    }

    long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException, SQLException {
        flush();
        out.endCopy();
    }

    private void separator() throws IOException {
        if (!firstField) {
            put('\t');
        }
        firstField = false;
    }

    private void escaped(byte[] bytes) throws IOException {
        for (byte b : bytes) {
            escaped(b);
        }
    }

    private void escaped(byte b) throws IOException {
        switch (b) {
            case '\\' -> ascii("\\\\");
            case '\t' -> ascii("\\t");
            case '\n' -> ascii("\\n");
            case '\r' -> ascii("\\r");
            default -> put(b);
        }
    }

    private void two(int value) throws IOException {
        put('0' + value / 10);
        put('0' + value % 10);
    }

    private void ascii(String text) throws IOException {
        for (int i = 0; i < text.length(); i++) {
            put(text.charAt(i));
        }
    }

    private void raw(byte[] bytes) throws IOException {
        for (byte b : bytes) {
            put(b);
        }
    }

    private void put(int b) throws IOException {
        if (position == buffer.length) {
            flush();
        }
        buffer[position++] = (byte) b;
    }

    private void flush() throws IOException {
        out.write(buffer, 0, position);
        position = 0;
    }
}
