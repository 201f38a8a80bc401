package io.lookout.api;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Undoes a request's {@code Content-Encoding} ({@code gzip} or {@code deflate}, zlib-wrapped as
 * HTTP means it or raw as some clients send it) while counting: more than the limit of bytes,
 * compressed or inflated, is {@link TooLarge}, so a small bomb cannot inflate into memory or time.
 * A body that claims an encoding it does not have fails when read with {@link NotEncoded}. The
 * native and the Sentry endpoints read their bodies through it.
 */
public final class BodyDecoder {

    /** More bytes than the limit. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message);
        }
    }

    /** The body is not what its {@code Content-Encoding} says. */
    public static final class NotEncoded extends IOException {
        private static final long serialVersionUID = 1L;

        NotEncoded(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The {@code Content-Encoding} is none Lookout reads. */
    public static final class Unsupported extends IOException {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message);
        }
    }

    private BodyDecoder() {}

    /**
     * @param body the request body as received
     * @param contentEncoding the header, or {@code null}
     * @param limit the most bytes read, before and after decoding
     */
    public static InputStream decode(InputStream body, String contentEncoding, long limit) throws IOException {
        InputStream raw = new Limited(body, limit, "the body");
        String encoding =
                contentEncoding == null ? "identity" : contentEncoding.strip().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "", "identity" -> raw;
            case "gzip", "x-gzip" -> new Limited(gzip(raw), limit, "the inflated body");
            case "deflate" -> new Limited(deflate(raw), limit, "the inflated body");
            default ->
                throw new Unsupported(
                        "Content-Encoding '" + contentEncoding + "' is not supported; use gzip, deflate or none");
        };
    }

    private static InputStream gzip(InputStream raw) throws IOException {
        try {
            return new Checked(new GZIPInputStream(raw, 8192), "gzip");
        } catch (TooLarge e) {
            throw e;
        } catch (IOException e) {
            throw new NotEncoded("the body claims Content-Encoding gzip but is not gzip: " + e.getMessage(), e);
        }
    }

    /** zlib (RFC 1950, what HTTP calls deflate) when the first two bytes are a zlib header, else raw deflate. */
    private static InputStream deflate(InputStream raw) throws IOException {
        PushbackInputStream in = new PushbackInputStream(raw, 2);
        byte[] head = in.readNBytes(2);
        in.unread(head);
        boolean zlib =
                head.length == 2 && (head[0] & 0x0f) == 8 && ((head[0] & 0xff) << 8 | (head[1] & 0xff)) % 31 == 0;
        return new Checked(new InflaterInputStream(in, new Inflater(!zlib), 8192), "deflate");
    }

    /** Counts bytes and refuses more than the limit. */
    private static final class Limited extends FilterInputStream {
        private final long limit;
        private final String what;
        private long count;

        Limited(InputStream in, long limit, String what) {
            super(in);
            this.limit = limit;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // read instead of skipping, so that every byte is counted (and inflated ones checked)
            byte[] buffer = new byte[(int) Math.min(8192, Math.max(1, n))];
            int read = read(buffer, 0, (int) Math.min(buffer.length, n));
            return Math.max(0, read);
        }

        private void count(int n) throws TooLarge {
            count += n;
            if (count > limit) {
                throw new TooLarge(what + " is larger than " + limit + " bytes");
            }
        }
    }

    /** Turns the inflater's errors into {@link NotEncoded}. */
    private static final class Checked extends FilterInputStream {
        private final String encoding;

        Checked(InputStream in, String encoding) {
            super(in);
            this.encoding = encoding;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (TooLarge e) {
                throw e;
            } catch (IOException e) {
                throw broken(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (TooLarge e) {
                throw e;
            } catch (IOException e) {
                throw broken(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(8192, Math.max(1, n))];
            int read = read(buffer, 0, (int) Math.min(buffer.length, n));
            return Math.max(0, read);
        }

        private NotEncoded broken(IOException e) {
            return new NotEncoded(
                    "the body claims Content-Encoding " + encoding + " but is not valid " + encoding + ": "
                            + e.getMessage(),
                    e);
        }
    }
}
