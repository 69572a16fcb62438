package io.flashorders.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.core.payment.PaymentStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LambdaSettingsTest {

    /** docs/configuration.md's Lambda table is what the function reads: no variable missing there, none listed in vain. */
    @Test
    void fromEnvironment_readsExactlyTheVariablesTheReferenceDocuments() throws IOException {
        Set<String> read = new TreeSet<>();
        Map<String, String> environment = new HashMap<>() {
            @Override
            public String get(Object name) {
                read.add((String) name);
                return super.get(name);
            }
        };

        LambdaSettings.fromEnvironment(environment);

        assertEquals(documentedVariables(), read, "docs/configuration.md's Lambda table, against what the function reads");
    }

    /** The first column of the table under "## The Lambda" in docs/configuration.md. */
    private static Set<String> documentedVariables() throws IOException {
        Set<String> names = new TreeSet<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(Path.of("").toAbsolutePath().getParent().resolve("docs/configuration.md"))) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## The Lambda");
            } else if (inSection && line.startsWith("| `")) {
                names.add(line.substring(3, line.indexOf('`', 3)));
            }
        }
        return names;
    }

    @Test
    void fromEnvironment_nothingSet_paysInThreeSeconds() {
        assertEquals(Duration.ofMillis(3000), LambdaSettings.fromEnvironment(Map.of()).paymentLatency());
    }

    @Test
    void fromEnvironment_latencySet_usesIt() {
        assertEquals(Duration.ofMillis(250), LambdaSettings.fromEnvironment(Map.of("PAYMENT_LATENCY_MS", " 250 ")).paymentLatency());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1.5", "-1", "3s"})
    void fromEnvironment_latencyNotMilliseconds_isRefusedWithTheVariableName(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LambdaSettings.fromEnvironment(Map.of("PAYMENT_LATENCY_MS", value)));

        assertTrue(e.getMessage().contains("PAYMENT_LATENCY_MS"), e.getMessage());
    }

    @Test
    void fromEnvironment_noOrderTable_tracksNoStatus() {
        LambdaSettings settings = LambdaSettings.fromEnvironment(Map.of("ORDERS_TABLE_NAME", " "));

        assertEquals(Optional.empty(), settings.orderTable());
        assertTrue(settings.newProgress().isEmpty());
    }

    @Test
    void fromEnvironment_orderTableSet_tracksStatusInItsRegion() {
        LambdaSettings settings = LambdaSettings.fromEnvironment(Map.of("ORDERS_TABLE_NAME", "flash-orders", "AWS_REGION", "eu-west-1"));

        assertEquals(Optional.of("flash-orders"), settings.orderTable());
        assertEquals("eu-west-1", settings.region());
        assertTrue(settings.newProgress().isPresent());
    }

    @Test
    void newPaymentStep_eachEnvironment_getsOnePermitNoWaitAndItsOwnLedger() {
        LambdaSettings settings = new LambdaSettings(Duration.ofMillis(40));

        PaymentStep step = settings.newPaymentStep();

        assertEquals(1, step.gate().permits());
        assertEquals(Duration.ZERO, step.gate().maxWait());
        assertEquals(Duration.ofMillis(40), step.gate().latency());
        assertTrue(step.provider() != settings.newPaymentStep().provider(), "a simulated provider, and its ledger, per handler instance");
    }
}
