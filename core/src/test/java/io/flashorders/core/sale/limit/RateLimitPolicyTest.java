package io.flashorders.core.sale.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.sale.InventoryUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RateLimitPolicyTest {

    /** Buckets that never refill: each key has its rate's tokens, then refuses with the rate's period as the wait. */
    static final class CountingLimiter implements RateLimiter {
        final Map<String, Long> taken = new HashMap<>();
        final List<String> asked = new ArrayList<>();
        final Map<String, Slack> slacks = new HashMap<>();
        boolean down;

        @Override
        public Optional<Duration> tryTake(String key, Rate rate, Slack slack) {
            if (down) {
                throw new InventoryUnavailableException("down", null);
            }
            asked.add(key);
            slacks.put(key, slack);
            long used = taken.getOrDefault(key, 0L);
            if (used >= rate.tokens()) {
                return Optional.of(rate.period());
            }
            taken.put(key, used + 1);
            return Optional.empty();
        }
    }

    private static final Slack AVAILABILITY_SLACK = new Slack(20, Duration.ofSeconds(1));
    private static final RateLimits LIMITS = new RateLimits(true, Rate.parse("5/1s"), Rate.parse("2/10s"),
            Rate.parse("4/1s"), Rate.parse("3/1s"), Rate.parse("50/1s"), AVAILABILITY_SLACK);

    private final CountingLimiter limiter = new CountingLimiter();
    private final RateLimitPolicy policy = new RateLimitPolicy(limiter);

    private Optional<RateLimitPolicy.Limited> reserve(String ip, long customer) {
        return policy.check(LIMITS, Endpoint.RESERVE, "drop", ip, OptionalLong.of(customer));
    }

    @Test
    void ratesParseAndNameTheirBuckets() {
        assertEquals(new Rate(100, Duration.ofMinutes(1)), Rate.parse("100/60s"));
        assertEquals(new Rate(100, Duration.ofMinutes(1)), Rate.parse(" 100 / 1m "));
        assertEquals(new Rate(20, Duration.ofMillis(500)), Rate.parse("20/500ms"));
        assertEquals(new Rate(1, Duration.ofHours(2)), Rate.parse("1/2h"));
        assertEquals("100/60000ms", Rate.parse("100/1m").toString());
        for (String bad : new String[] {"", "100", "0/1s", "10/0s", "-1/1s", "10/1d", "ten/1s", "10/1.5s", null}) {
            assertThrows(IllegalArgumentException.class, () -> Rate.parse(bad), String.valueOf(bad));
        }
    }

    @Test
    void aCustomersBucketRefusesBeforeTheAddressIsCharged() {
        assertTrue(reserve("10.0.0.1", 42).isEmpty());
        assertTrue(reserve("10.0.0.2", 42).isEmpty());
        RateLimitPolicy.Limited refused = reserve("10.0.0.3", 42).orElseThrow();
        assertEquals(Identity.CUSTOMER, refused.identity());
        assertEquals(Endpoint.RESERVE, refused.endpoint());
        assertEquals(10, refused.retryAfterSeconds());
        assertEquals(0, limiter.asked.stream().filter(k -> k.contains(":ip:10.0.0.3:")).count(),
                "a request refused for its customer takes nothing from its address's bucket");
    }

    @Test
    void anAddressIsLimitedWhateverCustomersItClaims() {
        for (long customer = 1; customer <= 5; customer++) {
            assertTrue(reserve("10.0.0.9", customer).isEmpty());
        }
        RateLimitPolicy.Limited refused = reserve("10.0.0.9", 6).orElseThrow();
        assertEquals(Identity.IP, refused.identity());
        assertEquals(1, refused.retryAfterSeconds());
        assertTrue(reserve("10.0.0.10", 7).isEmpty(), "another address has a bucket of its own");
    }

    @Test
    void bucketsArePerSaleEndpointIdentityAndRate() {
        reserve("10.0.0.1", 42);
        policy.check(LIMITS, Endpoint.CHECKOUT, "drop", "10.0.0.1", OptionalLong.of(42));
        policy.check(LIMITS, Endpoint.AVAILABILITY, "other", "10.0.0.1", OptionalLong.empty());
        assertEquals(List.of("ratelimit:drop:reserve:customer:42:2/10000ms", "ratelimit:drop:reserve:ip:10.0.0.1:5/1000ms",
                "ratelimit:drop:checkout:customer:42:3/1000ms", "ratelimit:drop:checkout:ip:10.0.0.1:4/1000ms",
                "ratelimit:other:availability:ip:10.0.0.1:50/1000ms"), limiter.asked);
    }

    @Test
    void onlyAvailabilitysBucketsMayRunAheadOfTheStore() {
        reserve("10.0.0.1", 42);
        policy.check(LIMITS, Endpoint.CHECKOUT, "drop", "10.0.0.1", OptionalLong.of(42));
        policy.check(LIMITS, Endpoint.AVAILABILITY, "drop", "10.0.0.1", OptionalLong.empty());
        limiter.slacks.forEach((key, slack) -> assertEquals(key.contains(":availability:") ? AVAILABILITY_SLACK : Slack.EXACT,
                slack, key));
        assertEquals(5, limiter.slacks.size());
    }

    @Test
    void aSlackIsExactOrHasTokensAndAnInterval() {
        assertTrue(Slack.EXACT.exact());
        assertTrue(new Slack(0, Duration.ofSeconds(1)).exact());
        assertFalse(AVAILABILITY_SLACK.exact());
        assertThrows(IllegalArgumentException.class, () -> new Slack(-1, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Slack(5, Duration.ZERO), "tokens without an interval");
        assertThrows(IllegalArgumentException.class, () -> new Slack(5, Duration.ofSeconds(-1)));
    }

    @Test
    void availabilityIsLimitedByAddressOnlyAndMoreLoosely() {
        for (int i = 0; i < 50; i++) {
            assertTrue(policy.check(LIMITS, Endpoint.AVAILABILITY, "drop", "10.0.0.1", OptionalLong.of(42)).isEmpty());
        }
        RateLimitPolicy.Limited refused = policy.check(LIMITS, Endpoint.AVAILABILITY, "drop", "10.0.0.1",
                OptionalLong.of(42)).orElseThrow();
        assertEquals(Identity.IP, refused.identity());
        assertTrue(limiter.asked.stream().noneMatch(k -> k.contains(":customer:")));
    }

    @Test
    void offOrWithoutAStoreTheLimitsLetRequestsThrough() {
        RateLimits off = new RateLimits(false, LIMITS.reservePerIp(), LIMITS.reservePerCustomer(), LIMITS.checkoutPerIp(),
                LIMITS.checkoutPerCustomer(), LIMITS.availabilityPerIp(), LIMITS.availabilitySlack());
        for (int i = 0; i < 10; i++) {
            assertTrue(policy.check(off, Endpoint.RESERVE, "drop", "10.0.0.1", OptionalLong.of(1)).isEmpty());
        }
        assertTrue(limiter.asked.isEmpty());
        limiter.down = true;
        for (int i = 0; i < 10; i++) {
            assertTrue(reserve("10.0.0.1", 1).isEmpty());
        }
    }

    @Test
    void retryAfterRoundsUpToWholeSeconds() {
        assertEquals(1, new RateLimitPolicy.Limited(Endpoint.RESERVE, Identity.IP, Duration.ofMillis(1)).retryAfterSeconds());
        assertEquals(1, new RateLimitPolicy.Limited(Endpoint.RESERVE, Identity.IP, Duration.ZERO).retryAfterSeconds());
        assertEquals(2, new RateLimitPolicy.Limited(Endpoint.RESERVE, Identity.IP, Duration.ofMillis(1001)).retryAfterSeconds());
    }

    @Test
    void theClientIsTheEntryTheTrustedProxiesAdded() {
        String peer = "10.1.0.5";
        assertEquals(peer, ClientAddress.resolve(peer, List.of("203.0.113.7"), 0), "no trusted proxy: the header is ignored");
        assertEquals(peer, ClientAddress.resolve(peer, List.of(), 1));
        assertEquals("203.0.113.7", ClientAddress.resolve(peer, List.of("203.0.113.7"), 1));
        assertEquals("203.0.113.7", ClientAddress.resolve(peer, List.of("6.6.6.6, 203.0.113.7"), 1),
                "what the client wrote at the left is not trusted");
        assertEquals("203.0.113.7", ClientAddress.resolve(peer, List.of("6.6.6.6", "203.0.113.7"), 1), "several headers");
        assertEquals("203.0.113.7", ClientAddress.resolve(peer, List.of("6.6.6.6, 203.0.113.7, 130.176.0.1"), 2),
                "behind a CDN and the load balancer");
        assertEquals("2001:db8::1", ClientAddress.resolve(peer, List.of("2001:db8::1"), 1));
        assertEquals(peer, ClientAddress.resolve(peer, List.of("203.0.113.7"), 2), "fewer hops than trusted proxies");
        assertEquals(peer, ClientAddress.resolve(peer, List.of("not-an-address"), 1));
    }
}
