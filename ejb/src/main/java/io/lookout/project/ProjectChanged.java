package io.lookout.project;

/** Fired inside the transaction that changes a project's key, filterable data keys or scrubbing settings. */
public record ProjectChanged(long projectId) {}
