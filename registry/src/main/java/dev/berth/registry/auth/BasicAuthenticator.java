package dev.berth.registry.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.oci.digest.Digest;
import dev.berth.registry.auth.federation.Federation;
import dev.berth.registry.auth.token.InvalidTokenException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * HTTP Basic credentials ({@code Authorization: Basic base64(name:password)}) checked against the htpasswd users.
 * bcrypt is slow on purpose (milliseconds per check), so credentials that verified are remembered, by their hash, for
 * a few minutes and as long as the users are unchanged.
 */
public final class BasicAuthenticator {

    private static final String SCHEME = "basic ";

    private final Supplier<Htpasswd> users;
    private final Federation federation;
    private final Clock clock;
    private final Cache<String, Verified> verified = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();

    private record Verified(Htpasswd users, Principal principal) {
    }

    /**
     * @param users      the current users each time, so that edits of the file apply without a restart
     * @param federation the external identity providers whose tokens are accepted as the password of
     *                   {@value Federation#LOGIN_NAME}
     * @param clock      when robots expire
     */
    public BasicAuthenticator(Supplier<Htpasswd> users, Federation federation, Clock clock) {
        this.users = users;
        this.federation = federation;
        this.clock = clock;
    }

    /** Accounts of the users file only. */
    public BasicAuthenticator(Supplier<Htpasswd> users, Clock clock) {
        this(users, Federation.none(), clock);
    }

    /**
     * The account an identity ({@code user:alice}, {@code robot:ci}) names, if it is (still) in the file and has not
     * expired: tokens issued to an account since removed are refused.
     */
    public Optional<Principal> account(String identity) {
        return loginName(identity).flatMap(name -> users.get().account(name, clock.instant()))
                .filter(principal -> principal.identity().equals(identity));
    }

    /** The account a client certificate's common name names ({@code alice}, {@code robot$ci}), if it may log in. */
    public Optional<Principal> accountNamed(String name) {
        return users.get().account(name, clock.instant());
    }

    /** The users file as it is now: the same object for as long as the file is unchanged. */
    Htpasswd users() {
        return users.get();
    }

    /** The user name Basic credentials claim, before they are checked (to count failed logins by account). */
    public static Optional<String> claimedName(String header) {
        String value = header.strip();
        if (!value.toLowerCase(Locale.ROOT).startsWith(SCHEME)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(value.substring(SCHEME.length()).strip()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon > 0 ? Optional.of(decoded.substring(0, colon)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The credentials of an {@code Authorization} header, if it has Basic ones. */
    public Authentication authenticate(Optional<String> authorization) {
        if (authorization.isEmpty()) {
            return new Authentication.None();
        }
        String header = authorization.get().strip();
        if (!header.toLowerCase(Locale.ROOT).startsWith(SCHEME)) {
            return new Authentication.Failed("not Basic credentials");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(SCHEME.length()).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Authentication.Failed("Basic credentials that are not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return new Authentication.Failed("Basic credentials without name:password");
        }
        return login(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    /**
     * A name and password, as Basic credentials or the OAuth2 password grant give them; for the name
     * {@value Federation#LOGIN_NAME}, the password is an external identity provider's token.
     */
    public Authentication login(String name, String password) {
        if (name.equals(Federation.LOGIN_NAME) && !federation.isEmpty()) {
            try {
                return new Authentication.Succeeded(federation.verify(password));
            } catch (InvalidTokenException e) {
                return new Authentication.Failed("external token refused: " + e.getMessage());
            }
        }
        Htpasswd current = users.get();
        String key = Digest.sha256((name + ":" + password).getBytes(StandardCharsets.UTF_8)).toString();
        Verified known = verified.getIfPresent(key);
        if (known != null && known.users() == current && current.account(name, clock.instant()).isPresent()) {
            return new Authentication.Succeeded(known.principal());
        }
        if (!current.verify(name, password)) {
            return new Authentication.Failed("wrong password or unknown user " + name);
        }
        Optional<Principal> account = current.account(name, clock.instant());
        if (account.isEmpty()) {
            return new Authentication.Failed(name + " expired");
        }
        verified.put(key, new Verified(current, account.get()));
        return new Authentication.Succeeded(account.get());
    }

    /**
     * A fingerprint of the account's password hash as it is now, which changes when the password does; empty if
     * the account is gone.
     */
    public Optional<String> credential(Principal principal) {
        return loginName(principal.identity()).flatMap(name -> users.get().hashOf(name))
                .map(hash -> Digest.sha256(hash.getBytes(StandardCharsets.UTF_8)).hex().substring(0, 32));
    }

    /** The name an identity logs in with: {@code alice} for {@code user:alice}, {@code robot$ci} for robot:ci. */
    private static Optional<String> loginName(String identity) {
        if (identity.startsWith("user:")) {
            return Optional.of(identity.substring("user:".length()));
        }
        if (identity.startsWith("robot:")) {
            return Optional.of(Principal.Robot.PREFIX + identity.substring("robot:".length()));
        }
        return Optional.empty();
    }
}
