package dev.berth.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.manifest.MediaType;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The spec's content discovery workflow: listing tags, with paging, and the catalog. */
@ExtendWith(RegistryUnderTest.class)
class ContentDiscoveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TAGS = List.of("alpha", "beta", "delta", "gamma", "omega");
    private static final String NO_TAG_PAGINATION = "lists tags in storage order, not lexical order, and ignores n "
            + "and last: it has no tag pagination";
    private static String repository;

    @BeforeAll
    static void pushTaggedImage(RegistryApi api) {
        repository = RegistryApi.newRepository();
        TestImage image = TestImage.pushBlobs(api, repository);
        for (String tag : TAGS) {
            assertEquals(201, api.pushManifest(repository, tag, MediaType.OCI_MANIFEST, image.manifest()).statusCode());
        }
    }

    @Test
    @DistributionDeviation(NO_TAG_PAGINATION)
    void tags_areListedInLexicalOrder(RegistryApi api) throws IOException {
        HttpResponse<byte[]> response = api.get("/v2/" + repository + "/tags/list");
        assertEquals(200, response.statusCode());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(repository, body.get("name").asText());
        assertEquals(TAGS, strings(body.get("tags")));
    }

    @Test
    @DistributionDeviation(NO_TAG_PAGINATION)
    void tags_withN_returnsThatManyAndALinkToTheRest(RegistryApi api) throws IOException {
        HttpResponse<byte[]> response = api.get("/v2/" + repository + "/tags/list?n=2");
        assertEquals(200, response.statusCode());
        assertEquals(List.of("alpha", "beta"), strings(JSON.readTree(response.body()).get("tags")));
        String link = response.headers().firstValue("Link").orElseThrow();
        assertTrue(link.endsWith("rel=\"next\""), link);
    }

    @Test
    @DistributionDeviation(NO_TAG_PAGINATION)
    void tags_followingLinks_visitsEveryTagOnce(RegistryApi api) throws IOException {
        List<String> seen = new ArrayList<>();
        String next = "/v2/" + repository + "/tags/list?n=2";
        while (next != null) {
            HttpResponse<byte[]> response = api.get(next);
            seen.addAll(strings(JSON.readTree(response.body()).get("tags")));
            next = response.headers().firstValue("Link")
                    .map(link -> link.substring(link.indexOf('<') + 1, link.indexOf('>'))).orElse(null);
        }
        assertEquals(TAGS, seen);
    }

    @Test
    @DistributionDeviation(NO_TAG_PAGINATION)
    void tags_withLast_startsAfterIt(RegistryApi api) throws IOException {
        HttpResponse<byte[]> response = api.get("/v2/" + repository + "/tags/list?n=10&last=beta");
        assertEquals(List.of("delta", "gamma", "omega"), strings(JSON.readTree(response.body()).get("tags")));
    }

    @Test
    @DistributionDeviation(NO_TAG_PAGINATION)
    void tags_withNZero_isEmptyWithoutLink(RegistryApi api) throws IOException {
        HttpResponse<byte[]> response = api.get("/v2/" + repository + "/tags/list?n=0");
        assertEquals(200, response.statusCode());
        assertTrue(strings(JSON.readTree(response.body()).get("tags")).isEmpty());
        assertFalse(response.headers().firstValue("Link").isPresent());
    }

    @Test
    void tags_ofUnknownRepository_is404(RegistryApi api) {
        HttpResponse<byte[]> response = api.get("/v2/" + RegistryApi.newRepository() + "/tags/list");
        assertEquals(404, response.statusCode());
        assertTrue(RegistryApi.text(response).contains("NAME_UNKNOWN"), RegistryApi.text(response));
    }

    @Test
    void catalog_listsTheRepository(RegistryApi api) throws IOException {
        List<String> all = new ArrayList<>();
        String next = "/v2/_catalog?n=100";
        while (next != null) {
            HttpResponse<byte[]> response = api.get(next);
            assertEquals(200, response.statusCode());
            all.addAll(strings(JSON.readTree(response.body()).get("repositories")));
            next = response.headers().firstValue("Link")
                    .map(link -> link.substring(link.indexOf('<') + 1, link.indexOf('>'))).orElse(null);
        }
        assertTrue(all.contains(repository), () -> "catalog " + all + " lacks " + repository);
        assertEquals(all.stream().sorted().toList(), all);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null) {
            array.forEach(node -> values.add(node.asText()));
        }
        return values;
    }
}
