package dev.berth.oci.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Tag names as the distribution spec's grammar has them, checked without a regular expression. */
class TagTest {

    /** The spec's own words for a tag, the oracle here. */
    private static final Pattern SPEC = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

    @Test
    void tagsTheSpecAllows_areValid() {
        for (String tag : new String[] {"latest", "v1.2.3", "_private", "0", "A-b_c.d", "a".repeat(128)}) {
            assertTrue(Tag.isValid(tag), tag);
        }
    }

    @Test
    void tagsTheSpecRefuses_areInvalid() {
        for (String tag : new String[] {"", ".hidden", "-dash", "a/b", "a:b", "tag ", "é", "a".repeat(129), "..", null}) {
            assertFalse(Tag.isValid(tag), String.valueOf(tag));
        }
    }

    @Test
    void randomNames_areValidExactlyWhenTheSpecsGrammarMatchesThem() {
        String allowed = "aZ09_.-";
        String refused = "/:@ +é\u0000";
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder name = new StringBuilder();
            int length = random.nextInt(6) == 0 ? 120 + random.nextInt(16) : random.nextInt(6);
            for (int j = 0; j < length; j++) {
                String from = random.nextInt(40) == 0 ? refused : allowed;
                name.append(from.charAt(random.nextInt(from.length())));
            }
            assertEquals(SPEC.matcher(name).matches(), Tag.isValid(name.toString()), name.toString());
        }
    }
}
