package io.lookout.bench.endpoints;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The JAX-RS application of {@code lookout-bench.war}: its resources at the context root. */
@ApplicationPath("/")
public class BenchEndpoints extends Application {}
