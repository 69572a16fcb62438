package io.flashorders.order.sale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.sale.limit.Endpoint;
import io.flashorders.core.sale.limit.Identity;
import io.flashorders.core.sale.limit.Rate;
import io.flashorders.core.sale.limit.RateLimits;
import io.flashorders.core.sale.limit.Slack;
import jakarta.inject.Provider;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The live rates: checked at start, a bad value at runtime keeps the last good one. No server. */
class SaleSettingsTest {

    private final AtomicReference<String> reservePerIp = new AtomicReference<>("100/60s");
    private final AtomicReference<String> unsyncedTokens = new AtomicReference<>("20");
    private final AtomicLong nanos = new AtomicLong();

    private SaleSettings settings() {
        SaleSettings settings = new SaleSettings();
        settings.nanoTime = nanos::get;
        settings.rateLimitEnabled = () -> true;
        settings.trustedHops = () -> 1;
        settings.reservePerIp = reservePerIp::get;
        settings.reservePerCustomer = constant("10/60s");
        settings.checkoutPerIp = constant("100/60s");
        settings.checkoutPerCustomer = constant("10/60s");
        settings.availabilityPerIp = constant("1000/1m");
        settings.availabilityUnsyncedTokens = unsyncedTokens::get;
        settings.availabilitySyncMillis = constant("1000");
        settings.availabilityMaxAgeSeconds = 1;
        settings.availabilityCacheMillis = 250;
        return settings;
    }

    private static Provider<String> constant(String value) {
        return () -> value;
    }

    @Test
    void goodRatesPassTheStartCheckAndAreRead() {
        SaleSettings settings = settings();
        settings.validate(new Object());
        RateLimits limits = settings.rateLimits();
        assertTrue(limits.enabled());
        assertEquals(new Rate(100, Duration.ofSeconds(60)), limits.rate(Endpoint.RESERVE, Identity.IP).orElseThrow());
        assertEquals(new Rate(1000, Duration.ofMinutes(1)), limits.rate(Endpoint.AVAILABILITY, Identity.IP).orElseThrow());
    }

    @Test
    void aBadRateAtStartFailsTheStartNamingTheKey() {
        reservePerIp.set("abc");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings().validate(new Object()));
        assertTrue(e.getMessage().startsWith("sales.rate-limit.reserve.per-ip: "), e.getMessage());
        assertTrue(e.getMessage().contains("abc"), e.getMessage());
    }

    @Test
    void aZeroRateAtStartFailsTooNamingTheKey() {
        SaleSettings settings = settings();
        settings.availabilityPerIp = constant("0/60s");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings.validate(new Object()));
        assertTrue(e.getMessage().startsWith("sales.rate-limit.availability.per-ip: "), e.getMessage());
    }

    @Test
    void aBadRateAtRuntimeKeepsTheLastGoodOneAndAGoodOneIsTakenWithinASecond() {
        SaleSettings settings = settings();
        settings.validate(new Object());
        assertEquals(new Rate(100, Duration.ofSeconds(60)), reserveIp(settings));
        reservePerIp.set("5/1s");
        nanos.addAndGet(SaleSettings.LIVE_REREAD.toNanos() - 1);
        assertEquals(new Rate(100, Duration.ofSeconds(60)), reserveIp(settings), "read less than a second ago");
        nanos.addAndGet(1);
        assertEquals(new Rate(5, Duration.ofSeconds(1)), reserveIp(settings));
        reservePerIp.set("abc");
        nanos.addAndGet(SaleSettings.LIVE_REREAD.toNanos());
        assertEquals(new Rate(5, Duration.ofSeconds(1)), reserveIp(settings), "the last good one");
        reservePerIp.set("7/2s");
        nanos.addAndGet(SaleSettings.LIVE_REREAD.toNanos());
        assertEquals(new Rate(7, Duration.ofSeconds(2)), reserveIp(settings));
        assertEquals(1, settings.trustedHops());
    }

    private static Rate reserveIp(SaleSettings settings) {
        return settings.rateLimits().rate(Endpoint.RESERVE, Identity.IP).orElseThrow();
    }

    @Test
    void onlyAvailabilityRunsAheadOfTheStoreByItsLiveSlack() {
        SaleSettings settings = settings();
        settings.validate(new Object());
        RateLimits limits = settings.rateLimits();
        assertEquals(new Slack(20, Duration.ofSeconds(1)), limits.slack(Endpoint.AVAILABILITY));
        assertEquals(Slack.EXACT, limits.slack(Endpoint.RESERVE));
        assertEquals(Slack.EXACT, limits.slack(Endpoint.CHECKOUT));

        unsyncedTokens.set("0");
        nanos.addAndGet(SaleSettings.LIVE_REREAD.toNanos());
        assertTrue(settings.rateLimits().slack(Endpoint.AVAILABILITY).exact(), "0: every token taken in the store");
        unsyncedTokens.set("-5");
        nanos.addAndGet(SaleSettings.LIVE_REREAD.toNanos());
        assertTrue(settings.rateLimits().slack(Endpoint.AVAILABILITY).exact(), "a bad value keeps the last good one");
    }

    @Test
    void aBadSlackAtStartFailsTheStartNamingTheKey() {
        unsyncedTokens.set("many");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings().validate(new Object()));
        assertTrue(e.getMessage().startsWith("sales.rate-limit.availability.unsynced-tokens: "), e.getMessage());
        SaleSettings settings = settings();
        unsyncedTokens.set("20");
        settings.availabilitySyncMillis = constant("0");
        e = assertThrows(IllegalArgumentException.class, () -> settings.validate(new Object()));
        assertTrue(e.getMessage().startsWith("sales.rate-limit.availability.sync.ms: "), e.getMessage());
    }

    @Test
    void limitsSwitchedOffLiveAreOff() {
        SaleSettings settings = settings();
        settings.rateLimitEnabled = () -> false;
        assertFalse(settings.rateLimits().enabled());
    }

    @Test
    void theAvailabilityCacheMustBeZeroOrWithinTheMaxAge() {
        SaleSettings settings = settings();
        assertEquals(Duration.ofMillis(250), settings.availabilityCache());
        settings.availabilityCacheMillis = 0;
        settings.availabilityMaxAgeSeconds = 0;
        settings.validate(new Object());
        assertEquals(Duration.ZERO, settings.availabilityCache());
        settings.availabilityCacheMillis = 250;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings.validate(new Object()));
        assertTrue(e.getMessage().startsWith("sales.availability.cache.ms: "), e.getMessage());
        settings.availabilityMaxAgeSeconds = 1;
        settings.availabilityCacheMillis = 1000;
        assertThrows(IllegalArgumentException.class, () -> settings.validate(new Object()), "as old as the max-age");
        settings.availabilityCacheMillis = -1;
        assertThrows(IllegalArgumentException.class, () -> settings.validate(new Object()));
    }
}
