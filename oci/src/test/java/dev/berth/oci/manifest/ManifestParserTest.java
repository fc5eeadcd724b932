package dev.berth.oci.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestParserTest {

    private static final String DIGEST = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String MANIFEST = """
            {
              "schemaVersion": 2,
              "mediaType": "application/vnd.oci.image.manifest.v1+json",
              "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "%s", "size": 0},
              "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "%s", "size": 0}],
              "subject": {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "%s", "size": 5}
            }""".formatted(DIGEST, DIGEST, DIGEST);

    private final ManifestParser parser = new ManifestParser();

    @Test
    void manifest_keepsItsExactBytesAndTheirDigest() throws Exception {
        byte[] bytes = MANIFEST.getBytes(StandardCharsets.UTF_8);
        ParsedManifest parsed = parser.parse(bytes, MediaType.OCI_MANIFEST, DigestAlgorithm.SHA256);
        assertArrayEquals(bytes, parsed.raw().bytes());
        assertEquals(Digest.sha256(bytes), parsed.raw().digest());
    }

    @Test
    void manifest_listsItsBlobsAndSubject() throws Exception {
        Manifest manifest = parse(MANIFEST, MediaType.OCI_MANIFEST);
        ImageManifest image = assertInstanceOf(ImageManifest.class, manifest);
        assertEquals(2, image.blobs().size());
        assertEquals(Digest.parse(DIGEST), image.subject().digest());
        assertEquals(MediaType.OCI_CONFIG, image.effectiveArtifactType());
    }

    @Test
    void index_listsItsChildren() throws Exception {
        String index = """
                {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
                 "manifests": [{"mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                   "digest": "%s", "size": 7, "platform": {"architecture": "arm64", "os": "linux", "variant": "v8"}}]}
                """.formatted(DIGEST);
        ImageIndex parsed = assertInstanceOf(ImageIndex.class, parse(index, MediaType.DOCKER_MANIFEST_LIST));
        assertEquals("v8", parsed.children().getFirst().platform().variant());
    }

    @Test
    void mediaTypeField_thatDisagreesWithContentType_isRejected() {
        var e = assertThrows(InvalidManifestException.class, () -> parse(MANIFEST, MediaType.DOCKER_MANIFEST));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    }

    @Test
    void keyGivenTwice_isRejectedNamingIt() {
        for (String duplicated : List.of(MANIFEST.replaceFirst("\\{", "{\"mediaType\": \"x\", "),
                MANIFEST.replace("\"config\": {", "\"config\": {\"digest\": \"sha256:0\", "))) {
            var e = assertThrows(InvalidManifestException.class, () -> parse(duplicated, MediaType.OCI_MANIFEST));
            assertTrue(e.getMessage().contains("Duplicate field"), e.getMessage());
        }
    }

    @Test
    void genericContentType_fallsBackToTheMediaTypeField() throws Exception {
        ParsedManifest parsed = parser.parse(MANIFEST.getBytes(StandardCharsets.UTF_8), "application/json",
                DigestAlgorithm.SHA256);
        assertEquals(MediaType.OCI_MANIFEST, parsed.raw().mediaType());
    }

    @Test
    void contentTypeParameters_areIgnored() throws Exception {
        assertInstanceOf(ImageManifest.class, parse(MANIFEST, MediaType.OCI_MANIFEST + "; charset=utf-8"));
    }

    @Test
    void malformedJson_isRejectedWithTheParsersReason() {
        var e = assertThrows(InvalidManifestException.class, () -> parse("{\"schemaVersion\":", null));
        assertTrue(e.getMessage().startsWith("manifest is not valid JSON"), e.getMessage());
    }

    @Test
    void schemaVersion1_isRejected() {
        assertThrows(InvalidManifestException.class, () -> parse("{\"schemaVersion\":1,\"config\":{}}", null));
    }

    @Test
    void schema1MediaType_isRejectedWithAnAlternative() {
        var e = assertThrows(InvalidManifestException.class, () -> parse("{\"schemaVersion\":1,\"name\":\"app\"}",
                MediaType.DOCKER_MANIFEST_V1_SIGNED));
        assertTrue(e.getMessage().contains("schema 2"), e.getMessage());
    }

    @Test
    void manifestWithoutConfig_isRejected() {
        assertThrows(InvalidManifestException.class, () -> parse(
                "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"layers\":[]}", null));
    }

    @Test
    void descriptorWithBadDigest_isRejected() {
        String bad = MANIFEST.replaceFirst(DIGEST, "sha256:nothex");
        var e = assertThrows(InvalidManifestException.class, () -> parse(bad, MediaType.OCI_MANIFEST));
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
    }

    @Test
    void unknownMediaType_isRejectedNamingTheSupportedOnes() {
        var e = assertThrows(InvalidManifestException.class, () -> parse(MANIFEST.replace(MediaType.OCI_MANIFEST,
                "application/x-unknown"), "application/x-unknown"));
        assertTrue(e.getMessage().contains(MediaType.OCI_INDEX), e.getMessage());
    }

    private Manifest parse(String json, String contentType) throws InvalidManifestException {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), contentType, DigestAlgorithm.SHA256).manifest();
    }
}
