package dev.berth.registry.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.oci.reference.RepositoryName;
import org.junit.jupiter.api.Test;

/** What every endpoint of the distribution API needs, from one table. */
class NeedTest {

    private static final String DIGEST = "sha256:" + "a".repeat(64);

    @Test
    void everyEndpoint_needsTheActionItPerformsOnItsRepository() {
        Object[][] table = {
                {"GET", "/v2/", new Need.Login()},
                {"GET", "/v2", new Need.Login()},
                {"GET", "/v2/_catalog", new Need.Login()},
                {"GET", "/healthz", new Need.Nothing()},
                {"POST", "/v2/_berth/gc", new Need.Administration()},
                {"GET", "/v2/_berth/gc", new Need.Administration()},
                {"GET", "/favicon.ico", new Need.Nothing()},
                {"GET", "/v2/team/app/manifests/latest", pull("team/app")},
                {"HEAD", "/v2/team/app/manifests/" + DIGEST, pull("team/app")},
                {"PUT", "/v2/team/app/manifests/latest", on("team/app", Action.PUSH)},
                {"DELETE", "/v2/team/app/manifests/" + DIGEST, on("team/app", Action.DELETE)},
                {"GET", "/v2/team/app/blobs/" + DIGEST, pull("team/app")},
                {"HEAD", "/v2/team/app/blobs/" + DIGEST, pull("team/app")},
                {"DELETE", "/v2/team/app/blobs/" + DIGEST, on("team/app", Action.DELETE)},
                {"POST", "/v2/team/app/blobs/uploads/", on("team/app", Action.PUSH)},
                {"PATCH", "/v2/team/app/blobs/uploads/0b2c", on("team/app", Action.PUSH)},
                {"PUT", "/v2/team/app/blobs/uploads/0b2c", on("team/app", Action.PUSH)},
                {"GET", "/v2/team/app/blobs/uploads/0b2c", on("team/app", Action.PUSH)},
                {"DELETE", "/v2/team/app/blobs/uploads/0b2c", on("team/app", Action.PUSH)},
                {"GET", "/v2/team/app/tags/list", pull("team/app")},
                {"GET", "/v2/team/app/referrers/" + DIGEST, pull("team/app")},
                {"GET", "/v2/a/b/c/d/manifests/v1", pull("a/b/c/d")},
                {"DELETE", "/v2/team/app/", on("team/app", Action.ADMIN)},
                {"GET", "/v2/team/app/", new Need.Nothing()},
                // names that look like endpoints are split as the routes split them: the longest name that fits
                {"GET", "/v2/x/manifests/blobs/" + DIGEST, pull("x/manifests")},
                {"GET", "/v2/a/blobs/uploads/b/manifests/latest", pull("a/blobs/uploads/b")},
                // no such endpoint, or no valid name: the router answers 404 or 405 whoever asks
                {"POST", "/v2/team/app/manifests/latest", new Need.Nothing()},
                {"PUT", "/v2/team/app/blobs/" + DIGEST, new Need.Nothing()},
                {"GET", "/v2/Team/App/manifests/latest", new Need.Nothing()},
        };
        for (Object[] row : table) {
            assertEquals(row[2], Need.of((String) row[0], (String) row[1]), row[0] + " " + row[1]);
        }
    }

    private static Need pull(String repository) {
        return on(repository, Action.PULL);
    }

    private static Need on(String repository, Action action) {
        return new Need.OnRepository(RepositoryName.of(repository), action);
    }
}
