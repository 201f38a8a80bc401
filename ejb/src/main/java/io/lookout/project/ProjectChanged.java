package io.lookout.project;

/** Fired inside the transaction that changes a project's key or filterable data keys. */
public record ProjectChanged(long projectId) {
}
