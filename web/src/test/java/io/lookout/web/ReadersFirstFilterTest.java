package io.lookout.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class ReadersFirstFilterTest {

    private static HttpServletRequest request(String method, String servletPath) {
        return (HttpServletRequest) Proxy.newProxyInstance(
                ReadersFirstFilterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getServletPath" -> servletPath;
                    default -> null;
                });
    }

    @Test
    void pagesAndTheirPostbacksAndApiReadsAreReads() {
        assertTrue(ReadersFirstFilter.isRead(request("GET", "/index.xhtml")));
        assertTrue(ReadersFirstFilter.isRead(request("POST", "/groups/group.xhtml")));
        assertTrue(ReadersFirstFilter.isRead(request("GET", "/api")));
        assertTrue(ReadersFirstFilter.isRead(request("HEAD", "/api")));
    }

    @Test
    void eventsSentInAndStaticResourcesAreNot() {
        assertFalse(ReadersFirstFilter.isRead(request("POST", "/api")), "events sent, admin writes");
        assertFalse(ReadersFirstFilter.isRead(request("PUT", "/api")));
        assertFalse(ReadersFirstFilter.isRead(request("GET", "/jakarta.faces.resource/theme.css.xhtml")));
        assertFalse(ReadersFirstFilter.isRead(request("GET", "/resources/lookout.js")));
    }
}
