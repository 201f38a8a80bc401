package io.lookout.query;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** A project the caller may read: its id, slug (its events' {@code project} tag) and name. */
@JsonbPropertyOrder({"id", "slug", "name"})
public record ProjectSummary(long id, String slug, String name) {}
