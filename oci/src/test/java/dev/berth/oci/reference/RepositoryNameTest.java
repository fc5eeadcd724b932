package dev.berth.oci.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RepositoryNameTest {

    @Test
    void namesTheSpecAllows_areValid() {
        for (String name : List.of("a", "library/busybox", "a.b/c_d/e__f/g-h/i---j", "0/1/2", "team/app/web-1.2")) {
            assertTrue(RepositoryName.isValid(name), name);
        }
    }

    @Test
    void namesTheSpecRefuses_areInvalid() {
        for (String name : List.of("", "A", "/a", "a/", "a//b", "a..b", "a___b", "a._b", "-a", "a-", "a/.b",
                "../etc", "a b", "a" + "b".repeat(255))) {
            assertFalse(RepositoryName.isValid(name), name);
        }
    }

    @Test
    void randomNames_areValidExactlyWhenTheSpecsGrammarMatchesThem() {
        String alphabet = "ab0._-/A";
        Random random = new Random(7);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder name = new StringBuilder();
            for (int i = random.nextInt(9); i >= 0; i--) {
                name.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = name.toString();
            assertEquals(RepositoryName.GRAMMAR.matcher(text).matches(), RepositoryName.matchesGrammar(text), text);
        }
    }
}
