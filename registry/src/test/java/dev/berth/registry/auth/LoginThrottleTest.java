package dev.berth.registry.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.registry.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-29T12:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(3, 5, clock);

    @Test
    void anAddress_isRefusedAfterItsLimit_untilTheWindowEnds() {
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), throttle.refused("10.0.0.1", "alice"));
            throttle.failed("10.0.0.1", "alice");
            clock.advance(Duration.ofSeconds(10));
        }
        assertEquals(Optional.of(Duration.ofSeconds(30)), throttle.refused("10.0.0.1", "bob"));
        assertEquals(Optional.empty(), throttle.refused("10.0.0.2", "bob"));
        clock.advance(Duration.ofSeconds(30));
        assertEquals(Optional.empty(), throttle.refused("10.0.0.1", "bob"));
    }

    @Test
    void anAccount_isRefusedAfterItsLimit_fromEveryAddress() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("10.0.1." + i, "alice");
        }
        assertEquals(Optional.of(LoginThrottle.WINDOW), throttle.refused("10.0.2.1", "alice"));
        assertEquals(Optional.empty(), throttle.refused("10.0.2.1", "bob"));
    }
}
