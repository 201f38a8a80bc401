package io.lookout.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST API under {@code /api}: sending events, reading them back, administration. */
@ApplicationPath("api")
public class LookoutApi extends Application {}
