package io.flashorders.local;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * ElasticMQ, Pekko and DynamoDB Local's Jetty log through SLF4J, which this module routes to java.util.logging
 * (slf4j-jdk14); at JUL's default INFO they announce every queue, actor and connector start. This lowers them to warnings, unless a level for that logger was
 * configured already (e.g. {@code -Djava.util.logging.config.file=...} with {@code org.elasticmq.level = FINE}).
 * Pekko's own event level is set to WARNING in the actor system config, which holds whichever SLF4J backend is used.
 */
final class QuietLogging {

    private static final List<String> NOISY = List.of("org.elasticmq", "org.apache.pekko", "com.typesafe.sslconfig",
            "org.eclipse.jetty", "com.amazonaws.services.dynamodbv2", "com.almworks.sqlite4java");

    /** JUL keeps loggers only weakly: hold them, or their level is lost when they are collected. */
    private static final List<Logger> HELD = NOISY.stream().map(Logger::getLogger).toList();

    private QuietLogging() {
    }

    static synchronized void apply() {
        for (Logger logger : HELD) {
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARNING);
            }
        }
    }
}
