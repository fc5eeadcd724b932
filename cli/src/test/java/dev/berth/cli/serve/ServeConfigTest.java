package dev.berth.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.DataHome;
import dev.berth.cli.serve.ServeConfig.Flags;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import dev.berth.registry.auth.federation.ClaimMapping;
import dev.berth.registry.events.WebhookSettings;
import dev.berth.registry.gc.GcSettings;
import dev.berth.registry.lifecycle.LifecycleSettings;
import dev.berth.registry.mirror.Mirror;
import dev.berth.registry.tag.ImmutableTags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaults_areLoopbackPort5000() throws Exception {
        ServeConfig config = ServeConfig.resolve(null, Map.of(), Flags.NONE);
        assertEquals("127.0.0.1", config.host());
        assertEquals(5000, config.port());
        assertEquals(DataHome.of(Map.of()).registry(), config.data());
    }

    @Test
    void defaultData_isTheRegistryDirectoryOfXdgDataHome_besideTheBuilders() throws Exception {
        Map<String, String> env = Map.of("XDG_DATA_HOME", dir.toString());
        ServeConfig config = ServeConfig.resolve(null, env, Flags.NONE);
        assertEquals(dir.resolve("berth/registry"), config.data());
        assertEquals(dir.resolve("berth/builder"), DataHome.of(Map.of("XDG_DATA_HOME", dir.toString())).builder());
    }

    @Test
    void defaultData_ofAnEarlierVersion_thatKeptBlobsInTheRoot_goesOnBeingUsed() throws Exception {
        Files.createDirectories(dir.resolve("berth/blobs"));
        Map<String, String> env = Map.of("XDG_DATA_HOME", dir.toString());
        ServeConfig config = ServeConfig.resolve(null, env, Flags.NONE);
        assertEquals(dir.resolve("berth"), config.data());
    }

    @Test
    void aRelativeXdgDataHome_isIgnored_asTheSpecificationSays() {
        assertEquals(Path.of("/home/u/.local/share/berth"),
                DataHome.of(Map.of("XDG_DATA_HOME", "relative", "HOME", "/home/u")).root());
    }

    @Test
    void flags_overrideEnvironment_whichOverridesTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("berth.yaml"), "listen: 127.0.0.1:6000\ndata: /from/file\n");
        ServeConfig fromFile = ServeConfig.resolve(file, Map.of(), Flags.NONE);
        assertEquals(6000, fromFile.port());
        assertEquals(Path.of("/from/file"), fromFile.data());
        ServeConfig fromEnv = ServeConfig.resolve(file, Map.of("BERTH_LISTEN", "127.0.0.1:7000"), Flags.NONE);
        assertEquals(7000, fromEnv.port());
        ServeConfig fromFlag = ServeConfig.resolve(file, Map.of("BERTH_LISTEN", "127.0.0.1:7000"),
                Flags.NONE.withListen("127.0.0.1:8000").withData(Path.of("/from/flag")));
        assertEquals(8000, fromFlag.port());
        assertEquals(Path.of("/from/flag"), fromFlag.data());
    }

    @Test
    void nonLoopbackAddress_withoutTheExplicitFlag_isRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServeConfig.resolve(null, Map.of(), Flags.NONE.withListen("0.0.0.0:5000")));
        assertTrue(e.getMessage().contains("--allow-unauthenticated-remote"), e.getMessage());
    }

    @Test
    void nonLoopbackAddress_withBothFlags_isAllowed() throws Exception {
        assertEquals("0.0.0.0", ServeConfig.resolve(null, Map.of(), Flags.NONE.withListen("0.0.0.0:5000")
                .withAllowUnauthenticatedRemote().withAllowPlainHttp()).host());
    }

    @Test
    void nonLoopbackAddress_withUsersButWithoutTls_isRefused_unlessPlainHttpIsAllowedOnPurpose() throws Exception {
        Flags remote = Flags.NONE.withListen("0.0.0.0:5000").withHtpasswd(Path.of("/etc/berth/htpasswd"));
        ConfigException e = assertThrows(ConfigException.class, () -> ServeConfig.resolve(null, Map.of(), remote));
        assertTrue(e.getMessage().contains("--tls-cert and --tls-key"), e.getMessage());
        assertEquals("0.0.0.0", ServeConfig.resolve(null, Map.of(), remote.withAllowPlainHttp()).host());
        ServeConfig secure = ServeConfig.resolve(null, Map.of(),
                remote.withTls(Path.of("/etc/berth/cert.pem"), Path.of("/etc/berth/key.pem"), null));
        assertTrue(secure.secure());
    }

    @Test
    void nonLoopbackAddress_withTlsButWithoutUsers_isRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> ServeConfig.resolve(null, Map.of(),
                Flags.NONE.withListen("0.0.0.0:5000").withTls(Path.of("c.pem"), Path.of("k.pem"), null)));
        assertTrue(e.getMessage().contains("--htpasswd"), e.getMessage());
    }

    @Test
    void tls_needsBothCertificateAndKey_andClientCertificatesNeedTls() {
        assertTrue(assertThrows(ConfigException.class, () -> ServeConfig.resolve(null, Map.of(),
                Flags.NONE.withTls(Path.of("c.pem"), null, null))).getMessage().contains("--tls-key"));
        assertTrue(assertThrows(ConfigException.class, () -> ServeConfig.resolve(null, Map.of(),
                Flags.NONE.withTls(null, null, Path.of("ca.pem")))).getMessage().contains("need TLS"));
    }

    @Test
    void accessRulesAndTlsFiles_comeFromTheConfigFile_relativeToIt() throws Exception {
        Path file = Files.writeString(dir.resolve("berth.yaml"), """
                auth:
                  htpasswd: users.htpasswd
                  access: access.yaml
                tls:
                  cert: tls/cert.pem
                  key: tls/key.pem
                  client-ca: tls/ca.pem
                """);
        ServeConfig config = ServeConfig.resolve(file, Map.of(), Flags.NONE);
        Path here = dir.toAbsolutePath();
        assertEquals(Optional.of(here.resolve("access.yaml")), config.access());
        assertEquals(here.resolve("tls/cert.pem"), config.tls().orElseThrow().certificate());
        assertEquals(here.resolve("tls/key.pem"), config.tls().orElseThrow().key());
        assertEquals(Optional.of(here.resolve("tls/ca.pem")), config.tls().orElseThrow().clientCa());
    }

    @Test
    void oidcIssuers_comeFromTheConfigFile_withTheirKeySetUrlOrFile_andGroupsByClaims() throws Exception {
        Path file = Files.writeString(dir.resolve("berth.yaml"), """
                auth:
                  htpasswd: users.htpasswd
                  oidc:
                    - name: github
                      issuer: https://token.actions.githubusercontent.com
                      jwks: https://token.actions.githubusercontent.com/.well-known/jwks
                      groups:
                        - group: app-main
                          claims: {repository: org/app, ref: refs/heads/main}
                    - name: cluster
                      issuer: https://kubernetes.default.svc
                      audience: registry
                      jwks: cluster-jwks.json
                """);
        List<ServeConfig.OidcIssuer> oidc = ServeConfig.resolve(file, Map.of(), Flags.NONE).oidc();
        assertEquals(2, oidc.size());
        assertEquals("berth", oidc.get(0).audience());
        assertEquals(List.of(new ClaimMapping("app-main", Map.of("repository", "org/app", "ref", "refs/heads/main"))),
                oidc.get(0).groups());
        assertEquals(dir.toAbsolutePath().resolve("cluster-jwks.json").toString(), oidc.get(1).jwks());
        assertEquals("registry", oidc.get(1).audience());
    }

    @Test
    void oidcIssuers_withoutANameOrKeySet_areRefusedSayingWhatTheyNeed() throws Exception {
        Path nameless = Files.writeString(dir.resolve("nameless.yaml"), "auth:\n  htpasswd: u\n  oidc:\n"
                + "    - {issuer: https://x, jwks: https://x/jwks}\n");
        assertTrue(assertThrows(ConfigException.class, () -> ServeConfig.resolve(nameless, Map.of(), Flags.NONE))
                .getMessage().contains("auth.oidc #1: needs a name"));
        Path keyless = Files.writeString(dir.resolve("keyless.yaml"), "auth:\n  htpasswd: u\n  oidc:\n"
                + "    - {name: ci, issuer: https://x}\n");
        assertTrue(assertThrows(ConfigException.class, () -> ServeConfig.resolve(keyless, Map.of(), Flags.NONE))
                .getMessage().contains("auth.oidc ci: needs issuer"));
    }

    @Test
    void accessRules_withoutUsers_areRefused() {
        assertTrue(assertThrows(ConfigException.class, () -> ServeConfig.resolve(null, Map.of(),
                Flags.NONE.withAccess(Path.of("access.yaml")))).getMessage().contains("--htpasswd"));
    }

    @Test
    void listenWithoutPort_isRefusedWithAnExample() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServeConfig.resolve(null, Map.of(), Flags.NONE.withListen("localhost")));
        assertTrue(e.getMessage().contains("127.0.0.1:5000"), e.getMessage());
    }

    @Test
    void unknownKeyInTheFile_isRefusedNamingTheKnownKeys() throws Exception {
        Path file = Files.writeString(dir.resolve("berth.yaml"), "lisen: 127.0.0.1:6000\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServeConfig.resolve(file, Map.of(), Flags.NONE));
        assertTrue(e.getMessage().contains("did you mean 'listen'"), e.getMessage());
    }

    @Test
    void anUnknownKey_isNamedWithTheFileAndLine() throws Exception {
        Path file = Files.writeString(dir.resolve("berth.yaml"), "listen: 127.0.0.1:6000\nstorage_path: /x\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServeConfig.resolve(file, Map.of(), Flags.NONE));
        assertTrue(e.getMessage().startsWith(file + ":2: unknown key 'storage_path'"), e.getMessage());
        assertTrue(e.getMessage().contains("known keys: listen, data"), e.getMessage());
    }

    @Test
    void aZotConfig_passedByMistake_isNamedAsOne() throws Exception {
        Path file = Files.writeString(dir.resolve("config.json"),
                "{\"distSpecVersion\": \"1.1.0\", \"storage\": {\"rootDirectory\": \"/tmp/zot\"}}");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServeConfig.resolve(file, Map.of(), Flags.NONE));
        assertTrue(e.getMessage().contains("Zot config.json"), e.getMessage());
    }

    @Test
    void malformedYaml_namesTheFileAndLine() throws Exception {
        Path file = Files.writeString(dir.resolve("berth.yaml"), "listen: 127.0.0.1:6000\ndata: [unclosed\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServeConfig.resolve(file, Map.of(), Flags.NONE));
        assertTrue(e.getMessage().startsWith(file + ":"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void uploadExpiry_defaultsToADay_andIsReadAsADuration() throws Exception {
        assertEquals(Duration.ofHours(24), ServeConfig.resolve(null, Map.of(), Flags.NONE).uploadExpiry());
        Path file = Files.writeString(dir.resolve("berth.yaml"), "upload-expiry: 7d\n");
        assertEquals(Duration.ofDays(7), ServeConfig.resolve(file, Map.of(), Flags.NONE).uploadExpiry());
        assertEquals(Duration.ofMinutes(30),
                ServeConfig.resolve(file, Map.of(), Flags.NONE.withUploadExpiry("30m")).uploadExpiry());
    }

    @Test
    void uploadExpiry_thatIsNoDuration_isRefusedWithExamples() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServeConfig.resolve(null, Map.of(), Flags.NONE.withUploadExpiry("forever")));
        assertTrue(e.getMessage().contains("'forever'") && e.getMessage().contains("24h"), e.getMessage());
    }

    @Test
    void missingFile_isRefused() {
        assertThrows(ConfigException.class,
                () -> ServeConfig.resolve(dir.resolve("absent.yaml"), Map.of(), Flags.NONE));
    }

    @Test
    void htpasswd_comesFromTheFlag_orFromTheConfigFileRelativeToIt_andIsOffOtherwise() throws Exception {
        assertEquals(Optional.empty(), ServeConfig.resolve(null, Map.of(), Flags.NONE).htpasswd());
        Path file = Files.writeString(dir.resolve("berth.yaml"), "auth:\n  htpasswd: users.htpasswd\n");
        assertEquals(Optional.of(dir.toAbsolutePath().resolve("users.htpasswd")),
                ServeConfig.resolve(file, Map.of(), Flags.NONE).htpasswd());
        assertEquals(Optional.of(Path.of("/etc/berth/htpasswd")), ServeConfig.resolve(file, Map.of(),
                Flags.NONE.withHtpasswd(Path.of("/etc/berth/htpasswd"))).htpasswd());
    }

    @Test
    void gcAndImmutableTags_comeFromTheFile_withDefaultsWhereItIsSilent() throws Exception {
        ServeConfig defaults = ServeConfig.resolve(null, Map.of(), Flags.NONE);
        assertEquals(GcSettings.defaults(), defaults.gc());
        assertEquals(ImmutableTags.none(), defaults.immutableTags());
        Path file = Files.writeString(dir.resolve("berth.yaml"), """
                gc:
                  every: 6h
                  grace: 0
                  push-deadline: 30s
                  delete-untagged: true
                tags:
                  immutable:
                    - repositories: ["prod/**"]
                      except: ["latest", "nightly-*"]
                """);
        ServeConfig config = ServeConfig.resolve(file, Map.of(), Flags.NONE);
        assertEquals(new GcSettings(Duration.ZERO, Duration.ofSeconds(30), true, Optional.of(Duration.ofHours(6))),
                config.gc());
        ImmutableTags immutable = config.immutableTags();
        assertTrue(immutable.isImmutable(RepositoryName.of("prod/app"), Tag.of("v1")));
        assertFalse(immutable.isImmutable(RepositoryName.of("prod/app"), Tag.of("latest")));
        assertFalse(immutable.isImmutable(RepositoryName.of("prod/app"), Tag.of("nightly-2026")));
        assertFalse(immutable.isImmutable(RepositoryName.of("dev/app"), Tag.of("v1")));
    }

    @Test
    void badGcAndTagSettings_areNamedWithTheirPlace() throws Exception {
        Path every = Files.writeString(dir.resolve("every.yaml"), "gc:\n  every: sometimes\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ServeConfig.resolve(every, Map.of(),
                Flags.NONE));
        assertTrue(e.getMessage().contains("gc.every 'sometimes' is not a positive duration"), e.getMessage());
        Path pattern = Files.writeString(dir.resolve("pattern.yaml"),
                "tags:\n  immutable:\n    - repositories: [\"**\"]\n      except: [\"bad/tag\"]\n");
        e = assertThrows(ConfigException.class, () -> ServeConfig.resolve(pattern, Map.of(), Flags.NONE));
        assertTrue(e.getMessage().contains("tags.immutable #1: invalid tag pattern 'bad/tag'"), e.getMessage());
    }

    @Test
    void lifecyclePolicies_areReadFromFilesBesideTheConfig_andCheckedAtStart() throws Exception {
        Files.writeString(dir.resolve("keep-ten.json"), "{\"rules\":[{\"rulePriority\":1,\"selection\":"
                + "{\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\",\"countNumber\":10},"
                + "\"action\":{\"type\":\"expire\"}}]}");
        Path file = Files.writeString(dir.resolve("berth.yaml"), """
                lifecycle:
                  every: 12h
                  policies:
                    - repositories: ["team/**", "ci/*"]
                      policy: keep-ten.json
                """);
        LifecycleSettings lifecycle = ServeConfig.resolve(file, Map.of(), Flags.NONE).lifecycle();
        assertEquals(Duration.ofHours(12), lifecycle.every());
        assertEquals(List.of("team/**", "ci/*"), lifecycle.configured().stream()
                .map(assigned -> assigned.repositories().glob()).toList());
        Files.writeString(dir.resolve("keep-ten.json"), "{\"rules\":[]}");
        ConfigException e = assertThrows(ConfigException.class, () -> ServeConfig.resolve(file, Map.of(),
                Flags.NONE));
        assertTrue(e.getMessage().contains("lifecycle.policies #1 (" + dir.resolve("keep-ten.json") + "): a "
                + "lifecycle policy is an object with a non-empty \"rules\" array"), e.getMessage());
    }

    @Test
    void theManagementPort_comesFromTheEnvironmentOrTheFile_andMustBeAPort() throws Exception {
        assertEquals(Optional.empty(), ServeConfig.resolve(null, Map.of(), Flags.NONE).managementPort());
        Path file = Files.writeString(dir.resolve("berth.yaml"), "management:\n  port: 9100\n");
        assertEquals(Optional.of(9100), ServeConfig.resolve(file, Map.of(), Flags.NONE).managementPort());
        assertEquals(Optional.of(9200), ServeConfig.resolve(file, Map.of("BERTH_MANAGEMENT_PORT", "9200"),
                Flags.NONE).managementPort());
        ConfigException e = assertThrows(ConfigException.class, () -> ServeConfig.resolve(null,
                Map.of("BERTH_MANAGEMENT_PORT", "metrics"), Flags.NONE));
        assertEquals("management port 'metrics' is not a port (0-65535)", e.getMessage());
    }

    @Test
    void webhooks_areReadWithTheirSecrets_andABadOneIsNamed() throws Exception {
        Files.writeString(dir.resolve("hook.secret"), "0123456789abcdef0123456789abcdef\n");
        Path file = Files.writeString(dir.resolve("berth.yaml"), """
                events:
                  webhooks:
                    - name: ci
                      url: https://hooks.example/berth
                      format: distribution
                      secret: hook.secret
                      repositories: ["team/**"]
                      events: [push, delete]
                      attempts: 3
                """);
        WebhookSettings webhooks = ServeConfig.resolve(file, Map.of(), Flags.NONE).webhooks();
        assertEquals(1, webhooks.endpoints().size());
        assertEquals(3, webhooks.endpoints().getFirst().attempts());
        assertTrue(webhooks.endpoints().getFirst().secret().isPresent());
        assertTrue(webhooks.deadLetter().endsWith("events-dead-letter.jsonl"));
        Path badKind = Files.writeString(dir.resolve("kind.yaml"), "events:\n  webhooks:\n    - name: ci\n"
                + "      url: https://hooks.example/berth\n      events: [pull]\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ServeConfig.resolve(badKind, Map.of(),
                Flags.NONE));
        assertTrue(e.getMessage().contains("events.webhooks #1: webhook ci: event kinds are"), e.getMessage());
    }

    @Test
    void mirrors_areReadWithTheirLogins_andAPrefixTwiceIsRefused() throws Exception {
        Files.writeString(dir.resolve("hub.password"), "dckr_pat_secret\n");
        Path file = Files.writeString(dir.resolve("berth.yaml"), """
                mirrors:
                  - prefix: dockerhub
                    upstream: docker.io
                    username: ci
                    password-file: hub.password
                    tag-ttl: 10m
                  - prefix: ghcr
                    upstream: ghcr.io
                """);
        List<Mirror> mirrors = ServeConfig.resolve(file, Map.of(), Flags.NONE).mirrors();
        assertEquals(List.of("dockerhub", "ghcr"), mirrors.stream().map(Mirror::prefix).toList());
        assertEquals("dckr_pat_secret", mirrors.getFirst().login().orElseThrow().password());
        assertEquals(Duration.ofMinutes(10), mirrors.getFirst().tagTtl());
        assertEquals(RepositoryName.of("library/alpine"), mirrors.getFirst().upstreamRepository(
                RepositoryName.of("dockerhub/alpine")));
        Path twice = Files.writeString(dir.resolve("twice.yaml"), "mirrors:\n  - {prefix: a, upstream: ghcr.io}\n"
                + "  - {prefix: a, upstream: quay.io}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ServeConfig.resolve(twice, Map.of(),
                Flags.NONE));
        assertTrue(e.getMessage().contains("mirrors #2: the prefix a is mirrored twice"), e.getMessage());
    }
}
