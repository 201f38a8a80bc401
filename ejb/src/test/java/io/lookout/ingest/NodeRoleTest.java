package io.lookout.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NodeRoleTest {

    @Test
    void theThreeRolesAcceptAndConsumeAsDocumented() {
        assertTrue(NodeRole.of("edge").acceptsEvents());
        assertFalse(NodeRole.of("edge").consumesEvents());
        assertFalse(NodeRole.of("consumer").acceptsEvents());
        assertTrue(NodeRole.of("consumer").consumesEvents());
        assertTrue(NodeRole.of(" Both ").acceptsEvents());
        assertTrue(NodeRole.of("both").consumesEvents());
    }

    @Test
    void anUnknownRoleIsRefusedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeRole.of("ingest"));
        assertEquals("lookout.node.role must be edge, consumer or both, not 'ingest'", e.getMessage());
    }
}
