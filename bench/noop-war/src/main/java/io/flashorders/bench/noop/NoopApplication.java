package io.flashorders.bench.noop;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

@ApplicationPath("/")
public class NoopApplication extends Application {
}
