package io.lookout.it;

import java.time.LocalTime;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * The hour of the managed server's scheduled cleanup: twelve hours from when the suite starts
 * (arquillian.xml passes {@code ${lookout.it.cleanup-hour}} as {@code lookout.retention.schedule.hour};
 * the minute keeps its default, every 15 minutes). Tests send expired events and ask for a cleanup
 * themselves (RetentionIT); a timer firing between the two took the events first and left the test's
 * own run nothing to count. An Arquillian extension so that the property is set before Arquillian reads
 * its configuration; the process tests' servers get the same hour ({@code ServerProcess}).
 */
public class CleanupHour implements LoadableExtension {

    static final String PROPERTY = "lookout.it.cleanup-hour";

    @Override
    public void register(ExtensionBuilder builder) {
        hour();
    }

    /** The hour, chosen once per test JVM (the process tests' servers take it too). */
    public static synchronized String hour() {
        String hour = System.getProperty(PROPERTY);
        if (hour == null) {
            hour = String.valueOf((LocalTime.now().getHour() + 12) % 24);
            System.setProperty(PROPERTY, hour);
        }
        return hour;
    }
}
