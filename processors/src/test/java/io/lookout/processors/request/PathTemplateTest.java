package io.lookout.processors.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathTemplateTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // numbers, UUIDs, long hex
                "/items/123                                                   | /items/{id}",
                "/users/9ec79c33-ec99-42ab-8353-589fcb2e04dc/orders           | /users/{id}/orders",
                "/users/9EC79C33-EC99-42AB-8353-589FCB2E04DC/orders           | /users/{id}/orders",
                "/files/3f2a9b7c4d5e                                          | /files/{id}",
                "/commits/a94a8fe5ccb19ba61c4c0873d391e987982fbbd3/diff       | /commits/{id}/diff",
                "/shops/12/items/345/reviews/6                                | /shops/{id}/items/{id}/reviews/{id}",
                // dates, versions of numbers
                "/archive/2026-01-31                                          | /archive/{id}",
                "/rates/1.5                                                   | /rates/{id}",
                // generated tokens and codes
                "/watch/dQw4w9WgXcQ                                           | /watch/{id}",
                "/customers/cus_9s6XKzkNRiz8i3                                | /customers/{id}",
                "/jobs/01ARZ3NDEKTSV4RRFFQ69G5FAV                             | /jobs/{id}",
                "/orders/ORD-2024-000123/invoice                              | /orders/{id}/invoice",
                "/users/bob@example.com                                       | /users/{id}",
                // file names with an id-like stem keep their extension
                "/images/123.jpg                                              | /images/{id}.jpg",
                "/exports/3f2a9b7c4d5e.csv                                    | /exports/{id}.csv",
                "/reports/2026-01-31.pdf                                      | /reports/{id}.pdf",
                // words, slugs, versions, scopes stay
                "/items                                                       | /items",
                "/api/v2/users                                                | /api/v2/users",
                "/api/v1.2/users                                              | /api/v1.2/users",
                "/blog/why-we-moved-to-jakarta-ee                             | /blog/why-we-moved-to-jakarta-ee",
                "/products/iphone-15-pro                                      | /products/iphone-15-pro",
                "/static/deadbeef                                             | /static/deadbeef",
                "/npm/@babel/core                                             | /npm/@babel/core",
                "/oauth2/authorize                                            | /oauth2/authorize",
                "/static/js/app.js                                            | /static/js/app.js",
                // empty segments, trailing slashes, path parameters
                "/                                                            | /",
                "//items//123/                                                | /items/{id}",
                "/cart;jsessionid=1A2B3C4D5E6F7081                            | /cart",
                "/items/42;v=1/edit                                           | /items/{id}/edit",
            })
    void idLikeSegmentsAreTemplated(String path, String template) {
        assertEquals(template, PathTemplate.of(path));
    }

    @Test
    void longHostilePathsAreLinear() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertEquals("/{id}", PathTemplate.of("/" + "1".repeat(200_000)));
            assertEquals("/{id}".repeat(100_000), PathTemplate.of("/1".repeat(100_000)));
            PathTemplate.of("/" + "a1".repeat(100_000) + "." + "b".repeat(100_000));
            PathTemplate.of("/" + ";".repeat(200_000));
        });
    }
}
