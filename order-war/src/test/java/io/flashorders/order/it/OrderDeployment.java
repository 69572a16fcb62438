package io.flashorders.order.it;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Properties;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The deployment every order-war IT uses: the WAR exactly as the build packaged it (classes, config, libraries,
 * context root), plus the test classes and the values the test server was started with.
 */
final class OrderDeployment {

    private static final String EXPECTED = "order-it-expected.properties";
    private static final String PERMITS = "arquillian.sync.permits";
    private static final String MAX_WAIT = "arquillian.sync.max-wait.ms";
    private static final String LATENCY = "arquillian.payment.latency.ms";

    private OrderDeployment() {
    }

    /** Client side: the built WAR with the given test classes added. */
    static WebArchive of(Class<?>... testClasses) {
        File war = new File(System.getProperty("order.war", "target/order-war.war"));
        if (!war.isFile()) {
            throw new IllegalStateException(war + " is missing: run the tests through mvn verify, after package");
        }
        StringBuilder expected = new StringBuilder();
        for (String property : new String[] {PERMITS, MAX_WAIT, LATENCY}) {
            expected.append(property).append('=').append(required(property)).append('\n');
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war)
                .addClass(OrderDeployment.class)
                .addClasses(testClasses)
                .addAsResource(new StringAsset(expected.toString()), EXPECTED);
    }

    /** In the server: ORDERS_SYNC_PERMITS as order-war/pom.xml wrote it into server.env. */
    static int expectedPermits() {
        return Integer.parseInt(expected().getProperty(PERMITS));
    }

    /** In the server: ORDERS_SYNC_MAX_WAIT_MS as order-war/pom.xml wrote it into server.env. */
    static Duration expectedMaxWait() {
        return Duration.ofMillis(Long.parseLong(expected().getProperty(MAX_WAIT)));
    }

    /** In the server: PAYMENT_LATENCY_MS as order-war/pom.xml wrote it into server.env. */
    static Duration expectedLatency() {
        return Duration.ofMillis(Long.parseLong(expected().getProperty(LATENCY)));
    }

    private static Properties expected() {
        Properties properties = new Properties();
        try (InputStream in = OrderDeployment.class.getClassLoader().getResourceAsStream(EXPECTED)) {
            if (in == null) {
                throw new IllegalStateException(EXPECTED + " is not in the deployment");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: run the tests through mvn verify");
        }
        return value;
    }
}
