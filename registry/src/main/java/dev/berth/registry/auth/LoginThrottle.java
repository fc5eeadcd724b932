package dev.berth.registry.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Slows down password guessing: failed logins are counted per client address and per account name in windows of
 * {@link #WINDOW}; once either count reaches its limit, further logins from that address or for that account are
 * refused without checking the password until the window ends. A good password does not reset the count, so a
 * guesser cannot interleave its own login.
 */
public final class LoginThrottle {

    public static final Duration WINDOW = Duration.ofMinutes(1);

    private final int perAddress;
    private final int perAccount;
    private final Clock clock;
    private final Cache<String, Window> windows = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(WINDOW)
            .build();

    /** Failures since {@code start}. */
    private record Window(Instant start, int failures) {
    }

    /**
     * @param perAddress failed logins allowed from one address per window
     * @param perAccount failed logins allowed for one account per window
     */
    public LoginThrottle(int perAddress, int perAccount, Clock clock) {
        this.perAddress = perAddress;
        this.perAccount = perAccount;
        this.clock = clock;
    }

    /** The limits for a registry: 10 failures per address and 20 per account each minute. */
    public static LoginThrottle standard(Clock clock) {
        return new LoginThrottle(10, 20, clock);
    }

    /** How long to wait before trying again, if logins from the address or for the account are refused now. */
    public Optional<Duration> refused(String address, String account) {
        Instant now = clock.instant();
        Optional<Duration> byAddress = wait(windows.getIfPresent("address " + address), perAddress, now);
        Optional<Duration> byAccount = account == null ? Optional.empty()
                : wait(windows.getIfPresent("account " + account), perAccount, now);
        return byAddress.isPresent() ? byAddress : byAccount;
    }

    /** Counts a failed login. */
    public void failed(String address, String account) {
        Instant now = clock.instant();
        count("address " + address, now);
        if (account != null) {
            count("account " + account, now);
        }
    }

    private void count(String key, Instant now) {
        windows.asMap().compute(key, (k, window) -> window == null || !now.isBefore(window.start().plus(WINDOW))
                ? new Window(now, 1) : new Window(window.start(), window.failures() + 1));
    }

    private static Optional<Duration> wait(Window window, int limit, Instant now) {
        if (window == null || window.failures() < limit) {
            return Optional.empty();
        }
        Duration left = Duration.between(now, window.start().plus(WINDOW));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }
}
