package io.flashorders.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flashorders.it.support.Metrics;
import io.flashorders.it.support.OrderApi;
import io.flashorders.it.support.OrderJsonReader;
import io.flashorders.it.support.SaleApi;
import io.flashorders.it.support.SampleOrders;
import io.flashorders.it.support.TestSystem;
import io.flashorders.core.testing.Waits;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The war room in a real browser: Debian's headless chromium, driven through Debian's chromedriver, opens /dashboard
 * on the test server; the test reserves a sale's units, sells it out and sends orders, and waits until the page shows
 * what the server itself reports (availability, /metrics, the queues). It saves a screenshot as
 * target/dashboard.png.
 */
class DashboardIT {

    private static final Duration PAGE_FOLLOWS = Duration.ofSeconds(30);
    private static final OrderApi ORDERS = TestSystem.api();
    private static final SaleApi SALES = TestSystem.sales();
    private static ChromeDriver browser;

    @BeforeAll
    static void openBrowser() {
        TestSystem.awaitReadyAndIdle();
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("it.chromedriver"))).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(System.getProperty("it.chromium"))
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1150");
        browser = new ChromeDriver(driver, options);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** The text of the first element the selector finds, or null while there is none (the tables are redrawn every tick). */
    private static String shown(String cssSelector) {
        try {
            return browser.findElement(By.cssSelector(cssSelector)).getText();
        } catch (WebDriverException e) {
            return null;
        }
    }

    private static String attribute(String cssSelector, String name) {
        try {
            return browser.findElement(By.cssSelector(cssSelector)).getAttribute(name);
        } catch (WebDriverException e) {
            return null;
        }
    }

    /** Waits until the page shows the figure the server reports now; the failure says what each said last. */
    private static void showsAsTheServer(String what, Supplier<String> page, Supplier<Object> server) {
        String[] last = new String[2];
        try {
            Waits.until(what + " on the page as the server reports it", PAGE_FOLLOWS, Duration.ofMillis(250), () -> {
                last[0] = String.valueOf(server.get());
                last[1] = page.get();
                return Objects.equals(last[1], last[0]);
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": the server said " + last[0] + ", the page " + last[1], e);
        }
    }

    private static long availability(String sale, String field) {
        return OrderJsonReader.read(SALES.availability(sale).body()).get(field).asLong();
    }

    @Test
    void thePageShowsWhatTheServerReports() throws IOException {
        String sale = SALES.open("warroom-" + UUID.randomUUID(), 5, 60, 1);
        browser.get("http://localhost:" + TestSystem.HTTP_PORT + "/dashboard");
        Waits.until("the page's event stream live", PAGE_FOLLOWS, () -> "live".equals(shown("#status")));
        String row = "#sales tr[data-sale=\"" + sale + "\"] td[data-field=\"%s\"]";
        showsAsTheServer("the opened sale's stock", () -> shown(row.formatted("available")), () -> 5);

        // Five customers take the five units, a sixth finds none.
        for (long customer = 1; customer <= 5; customer++) {
            assertEquals(201, SALES.reserve(sale, customer).statusCode());
        }
        assertEquals(409, SALES.reserve(sale, 6).statusCode());
        showsAsTheServer("available", () -> shown(row.formatted("available")), () -> availability(sale, "available"));
        showsAsTheServer("reserved", () -> shown(row.formatted("reserved")), () -> availability(sale, "reserved"));
        showsAsTheServer("the sale's state", () -> shown(row.formatted("state")), () -> "sold_out");
        String reservations = "#endpoints tr[data-endpoint=\"POST /sales/{saleId}/reservations\"] td[data-field=\"%s\"]";
        showsAsTheServer("sold_out refusals", () -> attribute(reservations.formatted("sold_out"), "data-total"),
                () -> (long) ORDERS.metrics().value("sale_decisions_total", "outcome=\"sold_out\""));
        assertEquals("0", shown("#oversell"));

        // Orders into the queue, paid by the processor.
        long paidBefore = ORDERS.metrics().processorPayments();
        for (int i = 0; i < 3; i++) {
            assertEquals(202, ORDERS.postAsync(SampleOrders.valid()).statusCode());
        }
        String async = "#endpoints tr[data-endpoint=\"POST /orders/async\"] td[data-field=\"%s\"]";
        showsAsTheServer("accepted async orders", () -> attribute(async.formatted("accepted"), "data-total"), () -> {
            Metrics metrics = ORDERS.metrics();
            return metrics.accepted("async") + metrics.replayed("async");
        });
        String p95 = shown(async.formatted("p95_ms"));
        assertTrue(p95 != null && Double.parseDouble(p95) > 0, "p95 of POST /orders/async: " + p95);
        Waits.until("the three orders paid", PAGE_FOLLOWS, () -> ORDERS.metrics().processorPayments() >= paidBefore + 3);
        String paid = "#payments td[data-owner=\"processor\"][data-field=\"completed\"]";
        showsAsTheServer("the processor's payments", () -> shown(paid), () -> ORDERS.metrics().processorPayments());
        showsAsTheServer("the queue's visible messages", () -> shown("#queue-visible"),
                () -> TestSystem.queues().depth(TestSystem.ORDER_QUEUE).visible());
        showsAsTheServer("the dead-letter queue", () -> shown("#queue-dead-lettered"),
                () -> TestSystem.queues().depth(TestSystem.DEAD_LETTER_QUEUE).visible());

        // The processor reports how long the orders it took had waited (or nothing taken lately, with the queue empty:
        // 0); '-' would mean it reports no such gauge.
        Waits.until("the queue's oldest age, a number", PAGE_FOLLOWS, () -> String.valueOf(shown("#queue-oldest")).matches("\\d+(\\.\\d+)?"));
        showsAsTheServer("the worker pool", () -> shown("#workers-pool"), () -> (long) ORDERS.metrics().value("processor_workers"));
        assertTrue(!browser.findElement(By.id("login")).isDisplayed(), "the token form shows only when the stream asks for the token");

        Path screenshot = Path.of(System.getProperty("it.screenshot.dir"), "dashboard.png");
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.size(screenshot) > 10_000, "a screenshot of the page, not a blank one");
    }
}
