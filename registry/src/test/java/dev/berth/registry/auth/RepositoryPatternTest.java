package dev.berth.registry.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.oci.reference.RepositoryName;
import org.junit.jupiter.api.Test;

/** Globs over repository names: {@code *} within one segment, {@code **} across segments. */
class RepositoryPatternTest {

    @Test
    void globs_coverTheRepositoriesTheirShapeSays() {
        String[][] table = {
                // pattern, repository, covered
                {"team/app", "team/app", "yes"},
                {"team/app", "team/app2", "no"},
                {"team/*", "team/app", "yes"},
                {"team/*", "team/app/web", "no"},
                {"team/*", "team", "no"},
                {"team/**", "team/app/web", "yes"},
                {"team/**", "team/app", "yes"},
                {"team/**", "teams/app", "no"},
                {"**", "any/depth/at/all", "yes"},
                {"*/web", "team/web", "yes"},
                {"*/web", "team/app/web", "no"},
                {"team/**/web", "team/web", "yes"},
                {"team/**/web", "team/a/b/web", "yes"},
                {"team/**/web", "team/a/b/webs", "no"},
                {"app-*", "app-1", "yes"},
                {"app.v1", "appxv1", "no"},
        };
        for (String[] row : table) {
            assertEquals(row[2].equals("yes"), RepositoryPattern.of(row[0]).matches(RepositoryName.of(row[1])),
                    row[0] + " against " + row[1]);
        }
    }

    @Test
    void emptyOrTripleStarPatterns_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> RepositoryPattern.of(""));
        assertThrows(IllegalArgumentException.class, () -> RepositoryPattern.of("team/***"));
    }
}
