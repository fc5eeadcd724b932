package dev.berth.registry.auth.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.berth.registry.MovableClock;
import dev.berth.registry.auth.Principal;
import dev.berth.registry.auth.token.InvalidTokenException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens of an identity provider made by the test, with a key set in a file and at a URL. */
class FederationTest {

    @TempDir
    Path dir;
    private TestIdentityProvider provider;
    private Federation federation;

    @BeforeEach
    void configure() throws Exception {
        provider = new TestIdentityProvider().withKey("rsa-1", "RSA").withKey("ec-1", "EC");
        Path jwks = Files.writeString(dir.resolve("jwks.json"), provider.jwks());
        federation = new Federation(List.of(new ExternalIssuer("github", TestIdentityProvider.ISSUER, "berth",
                JwksSource.File.open(jwks), List.of(
                        new ClaimMapping("app-main", Map.of("repository", "org/app", "ref", "refs/heads/main")),
                        new ClaimMapping("org", Map.of("repository", "org/*"))))), Clock.systemUTC(),
                Duration.ofSeconds(30));
    }

    @Test
    void aValidToken_isTheIdentityItsSubjectNames_inTheGroupsItsClaimsMatch() throws Exception {
        Principal.External main = federation.verify(provider.sign("rsa-1",
                TestIdentityProvider.githubClaims("org/app", "refs/heads/main", "berth")));
        assertEquals(new Principal.External("github", "repo:org/app:ref:refs/heads/main", Set.of("app-main", "org")),
                main);
        assertEquals("external:github/repo:org/app:ref:refs/heads/main", main.identity());
        Principal.External branch = federation.verify(provider.sign("ec-1",
                TestIdentityProvider.githubClaims("org/app", "refs/heads/feature", "berth")));
        assertEquals(Set.of("org"), branch.groups());
        Principal.External audienceList = federation.verify(provider.sign("ec-1", with(
                TestIdentityProvider.githubClaims("other/app", "refs/heads/main", "x"), "aud", List.of("x", "berth"))));
        assertEquals(Set.of(), audienceList.groups());
    }

    @Test
    void tokensThatMustNotPass_areRefusedSayingWhy() throws Exception {
        Map<String, Object> good = TestIdentityProvider.githubClaims("org/app", "refs/heads/main", "berth");
        long now = System.currentTimeMillis() / 1000;
        assertRefused(provider.sign("rsa-1", with(good, "aud", "another-registry")), "audience another-registry");
        assertRefused(provider.sign("rsa-1", with(good, "exp", now - 120)), "expired");
        assertRefused(provider.sign("rsa-1", with(good, "iat", null)), "no iat");
        assertRefused(provider.sign("rsa-1", with(good, "nbf", now + 600)), "not valid yet");
        assertRefused(provider.sign("rsa-1", with(good, "iss", "https://evil.example")), "is not configured");
        assertRefused(provider.sign("rsa-1", with(good, "sub", null)), "no sub");

        String header = TestIdentityProvider.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
        String claims = provider.sign("rsa-1", good).split("\\.")[1];
        assertRefused(header + "." + claims + ".", "algorithm none");

        String valid = provider.sign("rsa-1", good);
        String[] parts = valid.split("\\.");
        String tampered = parts[0] + "." + TestIdentityProvider.encode(new String(
                java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("org/app", "org/xyz").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertRefused(tampered, "the signature does not match");

        var stranger = KeyPairGenerator.getInstance("RSA");
        stranger.initialize(2048);
        assertRefused(TestIdentityProvider.signed(Map.of("alg", "RS256", "kid", "rsa-1"), good,
                stranger.generateKeyPair().getPrivate(), "SHA256withRSA"), "the signature does not match");
        assertRefused(provider.sign("rsa-1", good).replaceFirst("^[^.]+", TestIdentityProvider.encode(
                "{\"alg\":\"RS256\",\"kid\":\"rsa-9\"}".getBytes())), "has no key rsa-9");
    }

    @Test
    void hmacSignedWithThePublicKey_theClassicConfusion_isRefused() throws Exception {
        Map<String, Object> good = TestIdentityProvider.githubClaims("org/app", "refs/heads/main", "berth");
        String signingInput = TestIdentityProvider.encode("{\"alg\":\"HS256\",\"kid\":\"rsa-1\"}".getBytes()) + "."
                + TestIdentityProvider.encode(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(good));
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(provider.jwks().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String token = signingInput + "." + TestIdentityProvider.encode(hmac.doFinal(
                signingInput.getBytes(StandardCharsets.US_ASCII)));
        assertRefused(token, "algorithm HS256");
    }

    @Test
    void keysAtAUrl_areFetchedAgain_whenATokenNamesANewKey() throws Exception {
        AtomicReference<String> published = new AtomicReference<>(provider.jwks());
        AtomicInteger fetches = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            MovableClock clock = new MovableClock(Instant.now());
            Federation atUrl = new Federation(List.of(new ExternalIssuer("k8s", TestIdentityProvider.ISSUER, "berth",
                    new JwksSource.Url(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks"),
                            HttpClient.newHttpClient(), clock), List.of())), Clock.systemUTC(), Duration.ofSeconds(30));
            Map<String, Object> claims = TestIdentityProvider.githubClaims("org/app", "refs/heads/main", "berth");
            atUrl.verify(provider.sign("rsa-1", claims));
            atUrl.verify(provider.sign("ec-1", claims));
            assertEquals(1, fetches.get(), "one fetch serves every key of the set");

            provider.withKey("rsa-2", "RSA");
            published.set(provider.jwks());
            assertRefused(atUrl, provider.sign("rsa-2", claims), "has no key rsa-2");   // fetched 30 s ago at most
            clock.advance(Duration.ofSeconds(31));
            assertEquals("repo:org/app:ref:refs/heads/main", atUrl.verify(provider.sign("rsa-2", claims)).name());
            assertEquals(2, fetches.get());
        } finally {
            server.stop(0);
        }
    }

    private void assertRefused(String token, String reason) {
        assertRefused(federation, token, reason);
    }

    private static void assertRefused(Federation federation, String token, String reason) {
        InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> federation.verify(token));
        assertTrue(e.getMessage().contains(reason), e.getMessage() + " should say " + reason);
    }

    private static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
        Map<String, Object> changed = new HashMap<>(claims);
        if (value == null) {
            changed.remove(name);
        } else {
            changed.put(name, value);
        }
        return changed;
    }
}
