package io.flashorders.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.it.support.TestSystem;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The order API's document as a client generator reads it: /openapi from the started server, written to
 * target/openapi/openapi.yaml and linted by Redocly's CLI (the version pinned in src/test/openapi/package.json, which
 * the build installs with npm ci) under its recommended rules with every warning an error (redocly.yaml).
 */
class OpenApiLintIT {

    private static final Path LINTER = Path.of(System.getProperty("it.openapi.lint.dir", "src/test/openapi"));
    private static final Path OUT = Path.of(System.getProperty("it.openapi.out.dir", "target/openapi"));

    @Test
    void openapi_orderApi_lintsCleanUnderRedoclysRecommendedRules() throws Exception {
        HttpResponse<String> document = TestSystem.api().openApi();
        assertEquals(200, document.statusCode(), document.body());
        Files.createDirectories(OUT);
        Path written = OUT.resolve("openapi.yaml").toAbsolutePath();
        Files.writeString(written, document.body());

        Lint lint = lint(written);
        System.out.println("redocly lint " + written + ":\n" + lint.output());

        assertEquals(0, lint.exitCode(), "Redocly found problems in /openapi:\n" + lint.output());
        assertTrue(lint.output().contains("Your API description is valid"), lint.output());
        for (String operationId : List.of("createOrderSync", "createOrderAsync", "getOrder")) {
            assertTrue(document.body().contains("operationId: " + operationId), "operation " + operationId + " named");
        }
    }

    private record Lint(int exitCode, String output) {
    }

    private static Lint lint(Path document) throws IOException, InterruptedException {
        Path cli = LINTER.resolve("node_modules/@redocly/cli/bin/cli.js").toAbsolutePath();
        assertTrue(Files.isRegularFile(cli), "Redocly's CLI not installed at " + cli + " (npm ci in liberty-config/pom.xml)");
        ProcessBuilder builder = new ProcessBuilder("node", cli.toString(), "lint", "--config",
                LINTER.resolve("redocly.yaml").toAbsolutePath().toString(), document.toString())
                .directory(LINTER.toFile()).redirectErrorStream(true);
        // Offline and quiet: no usage report, no update check.
        builder.environment().put("REDOCLY_TELEMETRY", "off");
        builder.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "redocly lint did not finish within 60 s");
        return new Lint(process.exitValue(), output);
    }
}
