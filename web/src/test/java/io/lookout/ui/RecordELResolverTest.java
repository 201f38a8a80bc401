package io.lookout.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.el.ELContext;
import jakarta.el.ELResolver;
import jakarta.el.FunctionMapper;
import jakarta.el.PropertyNotWritableException;
import jakarta.el.VariableMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordELResolverTest {

    public record Row(String label, long events) {}

    public record Other(String label) {}

    private static final class Context extends ELContext {

        @Override
        public ELResolver getELResolver() {
            return null;
        }

        @Override
        public FunctionMapper getFunctionMapper() {
            return null;
        }

        @Override
        public VariableMapper getVariableMapper() {
            return null;
        }
    }

    private final RecordELResolver resolver = new RecordELResolver();

    @Test
    void readsComponentsOfEachRecordClassByName() {
        for (int i = 0; i < 3; i++) {
            Context context = new Context();
            assertEquals("a" + i, resolver.getValue(context, new Row("a" + i, i), "label"));
            assertTrue(context.isPropertyResolved());
            context = new Context();
            assertEquals((long) i, resolver.getValue(context, new Row("b", i), "events"));
            assertTrue(context.isPropertyResolved());
            // another record class with a component of the same name is read through its own accessor
            context = new Context();
            assertEquals("o" + i, resolver.getValue(context, new Other("o" + i), "label"));
            assertTrue(context.isPropertyResolved());
        }
    }

    @Test
    void leavesUnknownNamesAndOtherObjectsToTheNextResolver() {
        Context context = new Context();
        assertNull(resolver.getValue(context, new Row("a", 1), "missing"));
        assertFalse(context.isPropertyResolved());
        assertNull(resolver.getValue(context, new Other("a"), "events"));
        assertFalse(context.isPropertyResolved());
        assertNull(resolver.getValue(context, Map.of("label", "x"), "label"));
        assertFalse(context.isPropertyResolved());
        assertNull(resolver.getValue(context, null, "label"));
        assertFalse(context.isPropertyResolved());
        assertNull(resolver.getCommonPropertyType(context, "text"));
        assertEquals(String.class, resolver.getCommonPropertyType(context, new Row("a", 1)));
    }

    @Test
    void componentsAreReadOnly() {
        Context context = new Context();
        assertTrue(resolver.isReadOnly(context, new Row("a", 1), "label"));
        assertTrue(context.isPropertyResolved());
        assertThrows(
                PropertyNotWritableException.class,
                () -> resolver.setValue(new Context(), new Row("a", 1), "label", "b"));
        assertFalse(resolver.isReadOnly(new Context(), new Row("a", 1), "missing"));
    }
}
