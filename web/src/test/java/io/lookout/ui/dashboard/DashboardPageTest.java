package io.lookout.ui.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lookout.query.DashboardBreakdown;
import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardPageTest {

    private static DashboardBreakdown.BreakdownValue value(String text, DashboardBreakdown.BreakdownNode under) {
        return new DashboardBreakdown.BreakdownValue(text, 1, 1, under);
    }

    @Test
    void theSparklinesAreReadAsDeepAsTheDeepestValueShown() {
        DashboardBreakdown.BreakdownNode list = new DashboardBreakdown.TopGroups(null, List.of());
        DashboardBreakdown.BreakdownNode urls = new DashboardBreakdown.ByValue("url", List.of(value("/a", list)));
        DashboardBreakdown.BreakdownNode servers = new DashboardBreakdown.ByValue(
                "server", List.of(value("web-1", urls), value("web-2", list), value(null, null)));
        DashboardBreakdown.BreakdownNode regions =
                new DashboardBreakdown.ByValue("region", List.of(value("eu", servers), value("us", list)));
        assertEquals(3, DashboardPage.valueDepth(regions));
        assertEquals(1, DashboardPage.valueDepth(new DashboardBreakdown.ByValue("k", List.of(value("x", null)))));
        assertEquals(0, DashboardPage.valueDepth(list));
        assertEquals(0, DashboardPage.valueDepth(null));
    }
}
