package io.lookout.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class BodyDecoderTest {

    private static final byte[] TEXT = "{\"message\": \"hello\"}".getBytes(StandardCharsets.UTF_8);

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] bytes, boolean raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflate =
                new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
            deflate.write(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] decode(byte[] body, String encoding, long limit) throws IOException {
        try (InputStream in = BodyDecoder.decode(new ByteArrayInputStream(body), encoding, limit)) {
            return in.readAllBytes();
        }
    }

    @Test
    void gzipDeflateAndIdentityAreRead() throws IOException {
        assertArrayEquals(TEXT, decode(TEXT, null, 1000));
        assertArrayEquals(TEXT, decode(TEXT, "identity", 1000));
        assertArrayEquals(TEXT, decode(gzip(TEXT), "gzip", 1000));
        assertArrayEquals(TEXT, decode(gzip(TEXT), " GZIP ", 1000));
        assertArrayEquals(TEXT, decode(deflate(TEXT, false), "deflate", 1000));
        assertArrayEquals(TEXT, decode(deflate(TEXT, true), "deflate", 1000), "raw deflate too");
    }

    @Test
    void aBodyThatIsNotWhatItClaimsIsRefused() throws IOException {
        var e = assertThrows(BodyDecoder.NotEncoded.class, () -> decode(TEXT, "gzip", 1000));
        assertTrue(e.getMessage().contains("claims Content-Encoding gzip"), e.getMessage());
        assertThrows(BodyDecoder.NotEncoded.class, () -> decode(TEXT, "deflate", 1000));
        byte[] gzip = gzip(TEXT);
        assertThrows(
                BodyDecoder.NotEncoded.class,
                () -> decode(Arrays.copyOf(gzip, gzip.length - 10), "gzip", 1000),
                "a truncated gzip body");
        assertThrows(BodyDecoder.Unsupported.class, () -> decode(TEXT, "br", 1000));
    }

    @Test
    void aDecompressionBombStopsAtTheLimit() throws IOException {
        byte[] bomb = gzip(new byte[50 * 1024 * 1024]); // 50 MiB of zeros in about 50 KiB
        assertTrue(bomb.length < 100 * 1024);
        var e = assertThrows(BodyDecoder.TooLarge.class, () -> decode(bomb, "gzip", 1024 * 1024));
        assertTrue(e.getMessage().contains("inflated body is larger than 1048576 bytes"), e.getMessage());
        assertThrows(BodyDecoder.TooLarge.class, () -> decode(new byte[2000], null, 1000));
    }
}
