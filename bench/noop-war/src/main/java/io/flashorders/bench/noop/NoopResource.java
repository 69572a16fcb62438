package io.flashorders.bench.noop;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The benchmark's upper baseline: a POST that takes an order's body and answers 202 without doing anything, so it
 * measures what the server's HTTP stack and JAX-RS cost alone; and a GET that answers 200 the same way, the baseline
 * of the sale's availability read. Its WAR is deployed only by the benchmarks (bench/run, bench/sale-bench).
 */
@Path("/noop")
@ApplicationScoped
public class NoopResource {

    private static final String ANSWER = "{\"status\":\"noop\"}";

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response noop(String body) {
        return Response.accepted(ANSWER).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response read() {
        return Response.ok(ANSWER).build();
    }
}
