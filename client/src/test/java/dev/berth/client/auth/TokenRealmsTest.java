package dev.berth.client.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Which token realms get a registry's credentials. */
class TokenRealmsTest {

    @Test
    void theRegistrysOwnHost_andItsSiblings_getThem_overHttps() {
        assertTrue(TokenRealms.mayReceiveCredentials("registry-1.docker.io", true,
                URI.create("https://auth.docker.io/token")));
        assertTrue(TokenRealms.mayReceiveCredentials("docker.io", true, URI.create("https://auth.docker.io/token")));
        assertTrue(TokenRealms.mayReceiveCredentials("ghcr.io", true, URI.create("https://ghcr.io/token")));
        assertTrue(TokenRealms.mayReceiveCredentials("127.0.0.1", false, URI.create("http://127.0.0.1:5000/token")));
    }

    @Test
    void anyOtherRealm_orPlainHttpFromAnHttpsRegistry_getsNone() {
        assertFalse(TokenRealms.mayReceiveCredentials("ghcr.io", true, URI.create("https://attacker.example/token")));
        assertFalse(TokenRealms.mayReceiveCredentials("registry-1.docker.io", true,
                URI.create("http://auth.docker.io/token")));
        assertFalse(TokenRealms.mayReceiveCredentials("127.0.0.1", false, URI.create("http://127.0.0.2/token")));
        assertFalse(TokenRealms.mayReceiveCredentials("localhost", false, URI.create("http://evil.localhost/token")));
        assertFalse(TokenRealms.mayReceiveCredentials("docker.io", true, URI.create("https://notdocker.io/token")));
    }
}
