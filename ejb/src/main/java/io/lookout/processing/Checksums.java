package io.lookout.processing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns a processor's checksum parts, or a sender's {@code fingerprint}, into the group checksum:
 * 32 hex characters of the SHA-256 of the length-prefixed parts.
 */
public final class Checksums {

    /** In a fingerprint, stands for the processor's own checksum parts. */
    public static final String DEFAULT_PLACEHOLDER = "{{ default }}";

    private Checksums() {}

    /**
     * @param processorParts what the processor computed
     * @param fingerprint the sender's override, or {@code null}
     */
    public static String checksum(List<String> processorParts, List<String> fingerprint) {
        List<String> parts = processorParts;
        if (fingerprint != null && !fingerprint.isEmpty()) {
            parts = new ArrayList<>();
            for (String entry : fingerprint) {
                if (isDefault(entry)) {
                    parts.addAll(processorParts);
                } else {
                    parts.add(entry);
                }
            }
        }
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sha256.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            sha256.update(bytes);
        }
        return HexFormat.of().formatHex(sha256.digest(), 0, 16);
    }

    static boolean isDefault(String entry) {
        return entry.replace(" ", "").equals("{{default}}");
    }
}
