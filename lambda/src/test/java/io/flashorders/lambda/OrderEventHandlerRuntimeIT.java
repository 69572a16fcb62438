package io.flashorders.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flashorders.aws.store.DynamoOrderStore;
import io.flashorders.core.order.OrderStatus;
import io.flashorders.core.store.OrderRecord;
import io.flashorders.local.LocalDynamoDb;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Smoke test of the jar that would be deployed: {@code target/lambda.jar}, unpacked into a task directory as Lambda
 * unpacks it into /var/task, run in its own JVM by the real runtime interface client (the one AWS's java17/java21
 * runtime uses, here from {@code target/runtime-interface-client}) against {@link RuntimeApiStandIn} on loopback.
 * The JVM gets the managed runtime's default flags for Java 17 (serial GC, C1 only).
 *
 * <p>It also measures the local cold start: from starting the JVM to the runtime's first request for an invocation
 * (what AWS reports as Init Duration), the handler's own {@code init_ms}, and the first invocation against a warm one.
 * The figures are written to {@code target/smoke/cold-start.txt}, and those of a run with the order table (in DynamoDB
 * Local, as the function runs in AWS with {@code ORDERS_TABLE_NAME} set) to {@code target/smoke/cold-start-with-table.txt}.
 */
class OrderEventHandlerRuntimeIT {

    static final String HANDLER = "io.flashorders.lambda.OrderEventHandler::handleRequest";
    private static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final long LATENCY_MS = 100;
    private static final long TIMEOUT_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Path JAR = Path.of(System.getProperty("lambda.jar", "target/lambda.jar"));
    private static final Path RIC_DIR = Path.of(System.getProperty("ric.dir", "target/runtime-interface-client"));
    private static final Path SMOKE_DIR = Path.of(System.getProperty("smoke.dir", "target/smoke"));
    private static final Path TASK_DIR = SMOKE_DIR.resolve("task");
    private static final Path JNI_LIB = SMOKE_DIR.resolve("libaws-lambda-jni.so");
    private static final String ENDPOINT_INTERCEPTOR =
            "software/amazon/awssdk/services/dynamodb/endpoints/internal/DynamoDbResolveEndpointInterceptor.class";
    /** A class of DynamoDB's model as javap prints it in code: an internal name, nested classes included. */
    private static final Pattern MODEL_CLASS = Pattern.compile("software/amazon/awssdk/services/dynamodb/model/[A-Za-z0-9_$]+");

    @BeforeAll
    static void unpackTheDeployableJar() throws IOException {
        assertTrue(Files.isRegularFile(JAR), "package the module first: " + JAR);
        deleteRecursively(TASK_DIR);
        Files.createDirectories(TASK_DIR);
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(JAR))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path target = TASK_DIR.resolve(entry.getName()).normalize();
                assertTrue(target.startsWith(TASK_DIR), entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        // The client's native half (it speaks HTTP to the Runtime API through libcurl). Left to itself it unpacks to a
        // fixed /tmp path; a copy of our own keeps parallel runs apart and shows the Linux/glibc build loads here.
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> throw new IllegalStateException("no runtime interface client build for " + System.getProperty("os.arch"));
        };
        Path ric = runtimeInterfaceClientJar();
        try (JarFile jar = new JarFile(ric.toFile());
             InputStream lib = jar.getInputStream(jar.getEntry("jni/libaws-lambda-jni.linux-" + arch + ".so"))) {
            Files.copy(lib, JNI_LIB, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * The shrink step leaves the request classes of the DynamoDB operations the handler does not send out of the jar
     * (lambda/shrink.pro). Only DynamoDB's endpoint-rules interceptor may still name them, in casts that never run for
     * those operations; any other code naming a model class the jar lacks would fail with NoClassDefFoundError when it
     * runs, so this reads the code (javap) of every class of the DynamoDB client and the project in the jar.
     */
    @Test
    void deployableJar_onlyTheEndpointInterceptorNamesAModelClassLeftOut() throws IOException {
        List<String> classes;
        try (Stream<Path> files = Files.walk(TASK_DIR)) {
            classes = files.map(file -> TASK_DIR.relativize(file).toString())
                    .filter(name -> name.endsWith(".class"))
                    .filter(name -> name.startsWith("io/flashorders/") || name.startsWith("software/amazon/awssdk/services/dynamodb/"))
                    .filter(name -> !name.equals(ENDPOINT_INTERCEPTOR))
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .toList();
        }
        assertTrue(classes.size() > 100, "the jar's DynamoDB client and project classes: " + classes.size());
        ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow();
        StringWriter code = new StringWriter();
        List<String> arguments = new ArrayList<>(List.of("-c", "-p", "-cp", TASK_DIR.toString()));
        arguments.addAll(classes);
        assertEquals(0, javap.run(new PrintWriter(code), new PrintWriter(code), arguments.toArray(String[]::new)));

        Set<String> missing = new TreeSet<>();
        Matcher named = MODEL_CLASS.matcher(code.toString());
        while (named.find()) {
            if (!Files.isRegularFile(TASK_DIR.resolve(named.group() + ".class"))) {
                missing.add(named.group());
            }
        }
        assertEquals(Set.of(), missing, "named in code but left out of the jar: add them to the pom's inFilter");
        assertTrue(Files.isRegularFile(TASK_DIR.resolve(ENDPOINT_INTERCEPTOR)), "the interceptor itself is in the jar");
    }

    /** Issue 18's bound on the deployable jar. */
    @Test
    void deployableJar_isAtMostFiveMegabytes() throws IOException {
        assertTrue(Files.size(JAR) <= 5_000_000, JAR + " is " + Files.size(JAR) + " bytes");
    }

    @Test
    void runtime_goodMalformedGoodAndRedeliveredEvents_respondsReportsTheErrorAndChargesOnce() throws Exception {
        String single = fixture("events/sns-single-order.json");
        String another = single.replace("3f1a2b5c6d01", "3f1a2b5c6d0a").replace("4c221d41eb01", "4c221d41eb0a");
        String malformed = fixture("events/malformed/not-json.json");
        Path log = SMOKE_DIR.resolve("runtime.log");

        List<RuntimeApiStandIn.Outcome> outcomes = new ArrayList<>();
        long started;
        long initEnded;
        try (RuntimeApiStandIn api = new RuntimeApiStandIn()) {
            api.invoke("req-cold", single);
            api.invoke("req-malformed", malformed);
            api.invoke("req-warm", another);
            api.invoke("req-redelivered", single);

            started = System.nanoTime();
            Process runtime = start(api, Map.of("PAYMENT_LATENCY_MS", Long.toString(LATENCY_MS)), log);
            try {
                initEnded = api.firstNextNanos(TIMEOUT_SECONDS);
                for (int i = 0; i < 4; i++) {
                    outcomes.add(api.nextOutcome(TIMEOUT_SECONDS));
                }
            } finally {
                stop(runtime);
            }
        }

        assertEquals(List.of("req-cold", "req-malformed", "req-warm", "req-redelivered"),
                outcomes.stream().map(RuntimeApiStandIn.Outcome::requestId).toList());
        assertEquals(List.of(true, false, true, true), outcomes.stream().map(RuntimeApiStandIn.Outcome::success).toList(),
                Files.readString(log));
        RuntimeApiStandIn.Outcome error = outcomes.get(1);
        JsonNode errorBody = JSON.readTree(error.body());
        assertEquals(OrderEventFailedException.class.getName(), errorBody.get("errorType").asText(), error.body());
        assertTrue(errorBody.get("errorMessage").asText().contains("malformed_json"), error.body());
        assertNotNull(error.errorType(), "the runtime names the kind of error in a header");

        List<JsonNode> lines = jsonLines(log);
        List<JsonNode> inits = lines.stream().filter(line -> "init".equals(line.path("event").asText())).toList();
        assertEquals(1, inits.size(), "one init line: " + lines);
        List<JsonNode> orders = lines.stream().filter(line -> "order".equals(line.path("event").asText())).toList();
        assertEquals(List.of("req-cold paid true", "req-malformed failed false", "req-warm paid false",
                        "req-redelivered already_paid false"),
                orders.stream().map(line -> line.get("request_id").asText() + " " + line.get("outcome").asText() + " "
                        + line.get("cold_start").asBoolean()).toList());
        assertEquals(orders.get(0).get("order_id"), orders.get(3).get("order_id"), "the redelivered order");
        assertNotEquals(orders.get(0).get("order_id"), orders.get(2).get("order_id"));

        report("cold-start.txt", "", started, initEnded, inits.get(0).get("init_ms").asDouble(), outcomes.get(0), outcomes.get(2), orders);
    }

    @Test
    void runtime_withTheOrderTable_claimsPaysAndCompletesOnceThroughTheDeployableJarsClient() throws Exception {
        String single = fixture("events/sns-single-order.json");
        String another = single.replace("3f1a2b5c6d01", "3f1a2b5c6d0b").replace("4c221d41eb01", "4c221d41eb0b");
        Path log = SMOKE_DIR.resolve("runtime-with-table.log");

        List<RuntimeApiStandIn.Outcome> outcomes = new ArrayList<>();
        long started;
        long initEnded;
        try (LocalDynamoDb dynamoDb = LocalDynamoDb.start(0); RuntimeApiStandIn api = new RuntimeApiStandIn()) {
            api.invoke("req-cold", single);
            api.invoke("req-warm", another);
            api.invoke("req-redelivered", single);

            started = System.nanoTime();
            // The SDK's own endpoint variable: the handler builds its client exactly as in AWS, signed by the default
            // chain (placeholder keys, which DynamoDB Local accepts).
            Process runtime = start(api, Map.of("PAYMENT_LATENCY_MS", Long.toString(LATENCY_MS),
                    "ORDERS_TABLE_NAME", dynamoDb.table().name(), "AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.endpoint().toString(),
                    "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local"), log);
            try {
                initEnded = api.firstNextNanos(TIMEOUT_SECONDS);
                for (int i = 0; i < 3; i++) {
                    outcomes.add(api.nextOutcome(TIMEOUT_SECONDS));
                }
            } finally {
                stop(runtime);
            }

            assertEquals(List.of(true, true, true), outcomes.stream().map(RuntimeApiStandIn.Outcome::success).toList(),
                    Files.readString(log));
            OrderRecord paid = new DynamoOrderStore(dynamoDb.client(), dynamoDb.table().name(), Duration.ofSeconds(5))
                    .find("0b4c6f0e-8a57-4d0c-9d7e-3f1a2b5c6d01").orElseThrow();
            assertEquals(OrderStatus.COMPLETED, paid.status());
        }
        List<JsonNode> lines = jsonLines(log);
        JsonNode init = lines.stream().filter(line -> "init".equals(line.path("event").asText())).findFirst().orElseThrow();
        assertTrue(init.get("tracks_status").asBoolean(), init.toString());
        List<JsonNode> orders = lines.stream().filter(line -> "order".equals(line.path("event").asText())).toList();
        assertEquals(List.of("req-cold paid", "req-warm paid", "req-redelivered already_finished"),
                orders.stream().map(line -> line.get("request_id").asText() + " " + line.get("outcome").asText()).toList());

        report("cold-start-with-table.txt", ", ORDERS_TABLE_NAME in DynamoDB Local", started, initEnded,
                init.get("init_ms").asDouble(), outcomes.get(0), outcomes.get(1), orders);
    }

    @Test
    void runtime_handlerCannotStart_reportsAnInitErrorAndExits() throws Exception {
        Path log = SMOKE_DIR.resolve("runtime-init-error.log");
        try (RuntimeApiStandIn api = new RuntimeApiStandIn()) {
            Process runtime = start(api, Map.of("PAYMENT_LATENCY_MS", "three seconds"), log);
            try {
                String initError = api.initError(TIMEOUT_SECONDS);

                assertTrue(initError.contains("PAYMENT_LATENCY_MS"), initError);
                assertTrue(runtime.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the runtime exits after an init error");
                assertNotEquals(0, runtime.exitValue());
            } finally {
                stop(runtime);
            }
        }
        assertFalse(jsonLines(log).stream().anyMatch(line -> "init".equals(line.path("event").asText())),
                "a handler that did not start logs no init line");
    }

    private static Process start(RuntimeApiStandIn api, Map<String, String> settings, Path log) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(),
                "-XX:+UseSerialGC", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=" + JNI_LIB.toAbsolutePath(),
                "-cp", RIC_DIR.toAbsolutePath() + "/*", RUNTIME_MAIN, HANDLER);
        builder.directory(TASK_DIR.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("AWS_LAMBDA_FUNCTION_NAME", "order-processor");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/order-processor");
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local");
        env.put("AWS_REGION", "us-east-1");
        env.put("LAMBDA_TASK_ROOT", TASK_DIR.toAbsolutePath().toString());
        env.put("TZ", ":UTC");
        env.put("LANG", "C.UTF-8");
        env.putAll(settings);
        builder.redirectErrorStream(true);
        builder.redirectOutput(log.toFile());
        return builder.start();
    }

    private static void stop(Process runtime) throws InterruptedException {
        runtime.destroy();
        if (!runtime.waitFor(10, TimeUnit.SECONDS)) {
            runtime.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** @param warm the second invocation, of another order: {@code orders.get(index of warm)} is its line */
    private static void report(String file, String setting, long started, long initEnded, double handlerInitMillis,
                               RuntimeApiStandIn.Outcome cold, RuntimeApiStandIn.Outcome warm, List<JsonNode> orders) throws IOException {
        JsonNode warmLine = orders.stream().filter(line -> warm.requestId().equals(line.get("request_id").asText())).findFirst().orElseThrow();
        String text = String.format(Locale.ROOT, """
                Local cold start of target/lambda.jar through the runtime interface client (not AWS; 2 shared cores)
                java %s, -XX:+UseSerialGC -XX:TieredStopAtLevel=1, PAYMENT_LATENCY_MS=%d%s
                JVM start to first /invocation/next (local Init Duration): %d ms
                handler init_ms (class loaded to handler ready):         %.1f ms
                first invocation (cold), handed out to response:         %d ms (handler's duration_ms %d)
                warm invocation, handed out to response:                  %d ms (handler's duration_ms %d)
                """, Runtime.version(), LATENCY_MS, setting, TimeUnit.NANOSECONDS.toMillis(initEnded - started), handlerInitMillis,
                cold.millis(), orders.get(0).get("duration_ms").asLong(), warm.millis(), warmLine.get("duration_ms").asLong());
        Files.writeString(SMOKE_DIR.resolve(file), text);
        System.out.print(text);
    }

    private static List<JsonNode> jsonLines(Path log) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("{\"event\":")) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    private static Path runtimeInterfaceClientJar() {
        Path jar = RIC_DIR.resolve("aws-lambda-java-runtime-interface-client.jar");
        assertTrue(Files.isRegularFile(jar), "no runtime interface client in " + RIC_DIR);
        return jar;
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = OrderEventHandlerRuntimeIT.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
