package io.lookout.query;

import java.io.Serializable;

/**
 * The events around one event in its group, by time (ties by storage order); each an event id, or
 * {@code null} when there is none: {@code first} and {@code latest} are null for the event itself.
 */
public record EventNeighbours(String first, String older, String newer, String latest) implements Serializable {}
