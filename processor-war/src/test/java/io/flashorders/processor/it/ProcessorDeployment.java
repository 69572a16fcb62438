package io.flashorders.processor.it;

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
 * The deployment every processor IT uses: the WAR exactly as the build packaged it (classes, config, libraries,
 * context root), plus the test classes and the values the test server was started with.
 */
final class ProcessorDeployment {

    private static final String EXPECTED = "processor-it-expected.properties";
    private static final String WORKERS = "arquillian.processor.workers";
    private static final String LATENCY = "arquillian.payment.latency.ms";

    private ProcessorDeployment() {
    }

    /** Client side: the built WAR with the given test classes added. */
    static WebArchive of(Class<?>... testClasses) {
        File war = new File(System.getProperty("processor.war", "target/processor-war.war"));
        if (!war.isFile()) {
            throw new IllegalStateException(war + " is missing: run the tests through mvn verify, after package");
        }
        String expected = WORKERS + "=" + required(WORKERS) + "\n" + LATENCY + "=" + required(LATENCY) + "\n";
        return ShrinkWrap.createFromZipFile(WebArchive.class, war)
                .addClass(ProcessorDeployment.class)
                .addClasses(testClasses)
                .addAsResource(new StringAsset(expected), EXPECTED);
    }

    /** In the server: PROCESSOR_WORKERS as processor-war/pom.xml wrote it into server.env. */
    static int expectedWorkers() {
        return Integer.parseInt(expected().getProperty(WORKERS));
    }

    /** In the server: PAYMENT_LATENCY_MS as processor-war/pom.xml wrote it into server.env. */
    static Duration expectedLatency() {
        return Duration.ofMillis(Long.parseLong(expected().getProperty(LATENCY)));
    }

    private static Properties expected() {
        Properties properties = new Properties();
        try (InputStream in = ProcessorDeployment.class.getClassLoader().getResourceAsStream(EXPECTED)) {
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
