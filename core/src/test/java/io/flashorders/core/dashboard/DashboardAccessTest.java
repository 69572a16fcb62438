package io.flashorders.core.dashboard;

import static io.flashorders.core.dashboard.DashboardAccess.Verdict.ALLOWED;
import static io.flashorders.core.dashboard.DashboardAccess.Verdict.DISABLED;
import static io.flashorders.core.dashboard.DashboardAccess.Verdict.FORBIDDEN;
import static io.flashorders.core.dashboard.DashboardAccess.Verdict.UNAUTHENTICATED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.flashorders.core.dashboard.DashboardAccess.Mode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DashboardAccessTest {

    private static final Optional<String> TOKEN = Optional.of("s3cret-token");

    @Test
    void openLetsEveryoneIn() {
        assertEquals(ALLOWED, DashboardAccess.check(Mode.OPEN, Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @Test
    void adminWantsTheTokenOrItsCookie() {
        String cookie = DashboardAccess.sessionCookie(TOKEN.get());
        assertEquals(ALLOWED, DashboardAccess.check(Mode.ADMIN, TOKEN, TOKEN, Optional.empty()));
        assertEquals(ALLOWED, DashboardAccess.check(Mode.ADMIN, TOKEN, Optional.empty(), Optional.of(cookie)));
        assertEquals(FORBIDDEN, DashboardAccess.check(Mode.ADMIN, TOKEN, Optional.of("guess"), Optional.of(cookie)));
        assertEquals(FORBIDDEN, DashboardAccess.check(Mode.ADMIN, TOKEN, Optional.empty(),
                Optional.of(DashboardAccess.sessionCookie("an-older-token"))));
        assertEquals(UNAUTHENTICATED, DashboardAccess.check(Mode.ADMIN, TOKEN, Optional.empty(), Optional.empty()));
        assertEquals(DISABLED, DashboardAccess.check(Mode.ADMIN, Optional.empty(), TOKEN, Optional.of(cookie)));
    }

    @Test
    void theCookieShowsNothingOfTheToken() {
        String cookie = DashboardAccess.sessionCookie(TOKEN.get());
        assertFalse(cookie.contains(TOKEN.get()));
        assertNotEquals(cookie, DashboardAccess.sessionCookie(TOKEN.get() + "x"));
        assertEquals(cookie, DashboardAccess.sessionCookie(TOKEN.get()));
    }

    @Test
    void modesAreOpenOrAdmin() {
        assertEquals(Mode.ADMIN, Mode.of(" Admin "));
        assertThrows(IllegalArgumentException.class, () -> Mode.of("public"));
    }
}
