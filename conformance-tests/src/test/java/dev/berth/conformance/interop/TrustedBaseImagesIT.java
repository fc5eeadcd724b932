package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signature policy applied by {@code berth build} to {@code FROM} and {@code COPY --from}, and by {@code berth pull}:
 * images signed by the trusted key (as Sigstore bundles, or in cosign's legacy layout) are used, pinned to the digest
 * that was checked; unsigned ones, ones signed by
 * another key and tags moved after signing are refused, naming the image, the policy and the reason, before any layer
 * is fetched.
 */
class TrustedBaseImagesIT {

    @TempDir
    static Path work;
    private static BerthProcess berth;
    private static BusyboxLayout busybox;
    private static Path policy;
    private static final Map<String, String> KEY_PASSWORD = Map.of("COSIGN_PASSWORD", "");

    @BeforeAll
    static void start() throws Exception {
        berth = BerthProcess.start(work.resolve("registry"));
        busybox = BusyboxLayout.write(work.resolve("busybox"));
        for (String name : new String[] {"trusted", "other"}) {
            Tool.Result made = Tool.exec(BerthCommand.command("keygen", "--output-key-prefix", work.resolve(name)
                    .toString()), KEY_PASSWORD, "");
            assertEquals(0, made.exit(), made.output());
        }
        busybox.pushTo(berth, "base/signed:1");
        busybox.pushTo(berth, "base/unsigned:1");
        busybox.pushTo(berth, "base/other-key:1");
        sign("base/signed:1", "trusted");
        sign("base/other-key:1", "other");
        busybox.pushTo(berth, "base/legacy-signed:1");
        Tool.Result legacy = Tool.exec(BerthCommand.command("sign", "--format", "cosign", "--key", work.resolve(
                "trusted.key").toString(), berth.address() + "/base/legacy-signed:1"), KEY_PASSWORD, "");
        assertEquals(0, legacy.exit(), legacy.output());
        policy = Files.writeString(work.resolve("policy.json"), """
                {"default": [{"type": "reject"}],
                 "transports": {"docker": {"%s/base": [{"type": "sigstoreSigned", "keyPath": "%s",
                   "signedIdentity": {"type": "matchRepository"}}]}}}
                """.formatted(berth.address(), work.resolve("trusted.pub")));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        berth.close();
    }

    private static void sign(String image, String key) {
        Tool.Result signed = Tool.exec(BerthCommand.command("sign", "--key", work.resolve(key + ".key").toString(),
                berth.address() + "/" + image), KEY_PASSWORD, "");
        assertEquals(0, signed.exit(), signed.output());
    }

    private static Tool.Result build(String data, String dockerfile) throws Exception {
        Path context = Files.createDirectories(work.resolve("context-" + data));
        Files.writeString(context.resolve("Dockerfile"), dockerfile.replace("REGISTRY", berth.address()));
        return Tool.exec(BerthCommand.command("build", "--no-daemon", "--data", work.resolve(data).toString(), "-q",
                "--signature-policy", policy.toString(), "--output", "type=oci,dest=" + context.resolve("out"),
                context.toString()), Map.of(), "");
    }

    private static Tool.Result pull(String data, String image) {
        return Tool.exec(BerthCommand.command("pull", "--data", work.resolve(data).toString(), "--signature-policy",
                policy.toString(), berth.address() + "/" + image), Map.of(), "");
    }

    /** Whether the builder's store under {@code data} holds busybox's layer. */
    private static boolean hasTheLayer(String data) throws Exception {
        Path store = work.resolve(data);
        if (!Files.exists(store)) {
            return false;
        }
        String layer = busybox.layerDigest().hex();
        try (Stream<Path> files = Files.walk(store)) {
            return files.anyMatch(file -> file.getFileName().toString().equals(layer));
        }
    }

    @Test
    void fromASignedImage_builds_andPullPinsTheCheckedDigest() throws Exception {
        Tool.Result built = build("signed-build", """
                FROM REGISTRY/base/signed:1
                COPY --from=REGISTRY/base/legacy-signed:1 /bin/busybox /copied
                """);
        assertEquals(0, built.exit(), built.output());
        Tool.Result pulled = pull("signed-pull", "base/signed:1");
        assertEquals(0, pulled.exit(), pulled.output());
        assertTrue(pulled.output().contains(berth.address() + "/base/signed:1@" + busybox.manifestDigest()),
                pulled.output());
        assertTrue(hasTheLayer("signed-pull"), "an accepted image's layers are fetched");
    }

    @Test
    void unsignedImages_otherKeys_andOtherRegistries_areRefusedBeforeAnyLayerIsFetched() throws Exception {
        Object[][] table = {
                {"base/unsigned:1", "the image has no cosign signatures"},
                {"base/other-key:1", "no trusted key made this signature"},
        };
        for (Object[] row : table) {
            String data = "refused-" + ((String) row[0]).replaceAll("[/:]", "-");
            Tool.Result pulled = pull(data, (String) row[0]);
            assertEquals(1, pulled.exit(), pulled.output());
            assertTrue(pulled.output().contains(berth.address() + "/" + row[0] + " (" + busybox.manifestDigest()
                    + ") is rejected by " + policy + " (scope docker:" + berth.address() + "/base, requirement 1)"),
                    pulled.output());
            assertTrue(pulled.output().contains((String) row[1]), pulled.output());
            assertFalse(hasTheLayer(data), "no layer of a refused image is fetched");

            Tool.Result built = build(data + "-build", "FROM REGISTRY/" + row[0] + "\n");
            assertEquals(1, built.exit(), built.output());
            assertTrue(built.output().contains("is rejected by " + policy), built.output());
            assertTrue(built.output().contains((String) row[1]), built.output());
        }
        Tool.Result copied = build("refused-copy-from", """
                FROM REGISTRY/base/signed:1
                COPY --from=REGISTRY/base/unsigned:1 /bin/busybox /copied
                """);
        assertEquals(1, copied.exit(), copied.output());
        assertTrue(copied.output().contains("--from=" + berth.address() + "/base/unsigned:1: "), copied.output());
        busybox.pushTo(berth, "elsewhere/app:1");
        Tool.Result elsewhere = pull("refused-elsewhere", "elsewhere/app:1");
        assertEquals(1, elsewhere.exit(), elsewhere.output());
        assertTrue(elsewhere.output().contains("the policy rejects every image here"), elsewhere.output());
    }

    @Test
    void aTagMovedAfterSigning_isRefused_evenWhenTheBuilderHasTheSignedImageLocally() throws Exception {
        busybox.pushTo(berth, "base/moved:1");
        sign("base/moved:1", "trusted");
        assertEquals(0, pull("moved", "base/moved:1").exit());
        Tool.run("skopeo", "copy", "--dest-tls-verify=false", "--format", "v2s2", "oci:" + busybox.directory()
                + ":latest", "docker://" + berth.address() + "/base/moved:1");
        Tool.Result built = build("moved", "FROM REGISTRY/base/moved:1\n");
        assertEquals(1, built.exit(), built.output());
        assertTrue(built.output().contains("the image has no cosign signatures"), built.output());
    }

    @Test
    void aMalformedPolicy_isOneLineNamingTheFile() throws Exception {
        Path broken = Files.writeString(work.resolve("broken.json"), "{\"default\": [{\"type\": \"signedBy\"}]}");
        Tool.Result pulled = Tool.exec(BerthCommand.command("pull", "--data", work.resolve("broken").toString(),
                "--signature-policy", broken.toString(), berth.address() + "/base/signed:1"), Map.of(), "");
        assertEquals(1, pulled.exit(), pulled.output());
        assertEquals(1, pulled.output().strip().lines().count(), pulled.output());
        assertTrue(pulled.output().contains(broken + ": default[0]"), pulled.output());
    }

    @Test
    void aSignedIndex_isEnoughOnlyWhereTheRequirementSaysSo() throws Exception {
        busybox.pushTo(berth, "base/multi:platform");
        String architecture = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64";
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
                + busybox.manifestDigest() + "\",\"size\":" + busybox.describe().size() + ",\"platform\":"
                + "{\"os\":\"linux\",\"architecture\":\"" + architecture + "\"}}]}").getBytes(
                java.nio.charset.StandardCharsets.UTF_8);
        new dev.berth.client.RegistryClient(dev.berth.client.auth.Credentials.load(Map.of("HOME", work.toString())),
                java.util.Set.of(), Map.of()).repository(dev.berth.oci.reference.Reference.parse(berth.address()
                + "/base/multi")).pushManifest("1", dev.berth.oci.manifest.RawManifest.of(
                "application/vnd.oci.image.index.v1+json", index));
        sign("base/multi:1", "trusted");

        Tool.Result platformOnly = pull("multi-platform-only", "base/multi:1");
        assertEquals(1, platformOnly.exit(), platformOnly.output());
        assertTrue(platformOnly.output().contains("is signed, but the platform's manifest is what must be"),
                platformOnly.output());
        Path indexPolicy = Files.writeString(work.resolve("index-policy.json"), Files.readString(policy)
                .replace("\"signedIdentity\"", "\"signedManifest\": \"index\", \"signedIdentity\""));
        Tool.Result viaIndex = Tool.exec(BerthCommand.command("pull", "--data", work.resolve("multi-index")
                .toString(), "--signature-policy", indexPolicy.toString(), berth.address() + "/base/multi:1"),
                Map.of(), "");
        assertEquals(0, viaIndex.exit(), viaIndex.output());
        assertTrue(viaIndex.output().contains("@" + busybox.manifestDigest()), viaIndex.output());
    }
}
