package io.lookout.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChecksumsTest {

    @Test
    void aChecksumIs32HexCharactersAndStable() {
        String checksum = Checksums.checksum(List.of("a", "b"), null);
        assertTrue(checksum.matches("[0-9a-f]{32}"), checksum);
        assertEquals(checksum, Checksums.checksum(List.of("a", "b"), null));
    }

    @Test
    void partsAreNotAmbiguousWhenConcatenated() {
        assertNotEquals(Checksums.checksum(List.of("ab", "c"), null), Checksums.checksum(List.of("a", "bc"), null));
    }

    @Test
    void aFingerprintReplacesOrExtendsTheProcessorsParts() {
        List<String> parts = List.of("java.lang.IllegalStateException", "Cart.checkout");
        assertEquals(Checksums.checksum(parts, null), Checksums.checksum(parts, List.of("{{ default }}")));
        assertEquals(Checksums.checksum(parts, null), Checksums.checksum(parts, List.of("{{default}}")));
        assertNotEquals(
                Checksums.checksum(parts, null), Checksums.checksum(parts, List.of("{{ default }}", "tenant-a")));
        assertEquals(Checksums.checksum(List.of("tenant-a"), null), Checksums.checksum(parts, List.of("tenant-a")));
    }
}
