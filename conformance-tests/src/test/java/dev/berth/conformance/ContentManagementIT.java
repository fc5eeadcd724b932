package dev.berth.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.manifest.MediaType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The spec's content management workflow: deleting tags, manifests, blobs and uploads. */
@ExtendWith(RegistryUnderTest.class)
class ContentManagementIT {

    private final String repository = RegistryApi.newRepository();

    @Test
    @DistributionDeviation("deletes manifests only by digest and answers DELETE by tag with 400, which the spec "
            + "allows for a registry without tag deletion")
    void tag_deleted_isGoneButTheManifestStays(RegistryApi api) {
        TestImage image = TestImage.pushBlobs(api, repository);
        api.pushManifest(repository, "doomed", MediaType.OCI_MANIFEST, image.manifest());
        assertEquals(202, api.delete("/v2/" + repository + "/manifests/doomed").statusCode());
        assertEquals(404, api.get("/v2/" + repository + "/manifests/doomed", "Accept", MediaType.OCI_MANIFEST)
                .statusCode());
        assertEquals(200, api.get("/v2/" + repository + "/manifests/" + image.digest(),
                "Accept", MediaType.OCI_MANIFEST).statusCode());
    }

    @Test
    void manifest_deletedByDigest_isGoneWithItsTags(RegistryApi api) {
        TestImage image = TestImage.pushBlobs(api, repository);
        api.pushManifest(repository, "v1", MediaType.OCI_MANIFEST, image.manifest());
        assertEquals(202, api.delete("/v2/" + repository + "/manifests/" + image.digest()).statusCode());
        assertEquals(404, api.get("/v2/" + repository + "/manifests/" + image.digest(),
                "Accept", MediaType.OCI_MANIFEST).statusCode());
        assertEquals(404, api.get("/v2/" + repository + "/manifests/v1", "Accept", MediaType.OCI_MANIFEST)
                .statusCode());
    }

    @Test
    void manifest_unknown_deleteIs404(RegistryApi api) {
        TestImage.pushBlobs(api, repository);
        Digest unknown = Digest.sha256(RegistryApi.randomBytes(8));
        assertEquals(404, api.delete("/v2/" + repository + "/manifests/" + unknown).statusCode());
    }

    @Test
    void blob_deleted_isGone(RegistryApi api) {
        Digest digest = api.pushBlob(repository, RegistryApi.randomBytes(300));
        assertEquals(202, api.delete("/v2/" + repository + "/blobs/" + digest).statusCode());
        assertEquals(404, api.head("/v2/" + repository + "/blobs/" + digest).statusCode());
    }

    @Test
    void blob_unknown_deleteIs404(RegistryApi api) {
        api.pushBlob(repository, RegistryApi.randomBytes(10));
        assertEquals(404, api.delete("/v2/" + repository + "/blobs/"
                + Digest.sha256(RegistryApi.randomBytes(8))).statusCode());
    }

    @Test
    void upload_cancelled_isUnknownAfterwards(RegistryApi api) {
        String location = api.startUpload(repository);
        assertEquals(204, api.delete(location).statusCode());
        assertEquals(404, api.get(location).statusCode());
    }
}
