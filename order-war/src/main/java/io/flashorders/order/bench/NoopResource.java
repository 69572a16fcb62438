package io.flashorders.order.bench;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The benchmark's upper baseline: a POST that takes an order's body and answers 202 without doing anything, so it
 * measures what the server's HTTP stack and JAX-RS cost alone. Off (404) unless {@code bench.noop.enabled} is true,
 * which only bench/run sets.
 */
@Path("/bench/noop")
@ApplicationScoped
public class NoopResource {

    private static final String ANSWER = "{\"status\":\"noop\"}";

    @Inject
    @ConfigProperty(name = "bench.noop.enabled")
    boolean enabled;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response noop(String body) {
        if (!enabled) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        return Response.accepted(ANSWER).build();
    }
}
