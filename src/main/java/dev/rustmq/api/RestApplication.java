package dev.rustmq.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** JAX-RS at the context root: {@code /api/v1/...} and the seed's {@code /ready} probe. */
@ApplicationPath("/")
public class RestApplication extends Application {
}
