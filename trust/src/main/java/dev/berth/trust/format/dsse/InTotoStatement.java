package dev.berth.trust.format.dsse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.trust.format.StrictJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An in-toto statement (v0.1 or v1), read only for what verification needs: its subjects and predicate type. Read
 * from a payload whose signature has been verified.
 *
 * @param subjects      what the statement is about
 * @param predicateType what it says about them ({@code https://sigstore.dev/cosign/sign/v1} for a cosign signature)
 */
public record InTotoStatement(List<Subject> subjects, String predicateType) {

    public static final String V1 = "https://in-toto.io/Statement/v1";
    public static final String V0_1 = "https://in-toto.io/Statement/v0.1";
    /** What {@code cosign sign} states about an image in its bundle format. */
    public static final String COSIGN_SIGN = "https://sigstore.dev/cosign/sign/v1";

    public InTotoStatement {
        subjects = List.copyOf(subjects);
    }

    /**
     * A subject: its name, if any (an image's repository, for Berth's signatures), and its digests by algorithm
     * ({@code sha256} → hex).
     */
    public record Subject(Optional<String> name, Map<String, String> digests) {
        public Subject {
            digests = Map.copyOf(digests);
        }
    }

    /**
     * Parses a statement.
     *
     * @throws IllegalArgumentException naming what is malformed
     */
    public static InTotoStatement parse(byte[] json) {
        StrictJson strict = new StrictJson("the in-toto statement");
        JsonNode root = strict.read(json);
        String type = strict.text(root, "_type", "");
        if (!type.equals(V1) && !type.equals(V0_1)) {
            throw strict.error("", "has an unknown _type \"" + type + "\"");
        }
        List<JsonNode> written = strict.array(root, "subject", "");
        if (written.isEmpty()) {
            throw strict.error("", "has no subject");
        }
        List<Subject> subjects = new java.util.ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            String where = "subject[" + i + "]";
            JsonNode subject = written.get(i);
            strict.only(subject, where, Set.of("name", "digest", "uri", "content", "downloadLocation", "mediaType",
                    "annotations"));
            JsonNode digest = subject.path("digest");
            strict.object(digest, where + ".digest");
            Map<String, String> digests = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : digest.properties()) {
                if (!entry.getValue().isTextual()) {
                    throw strict.error(where + ".digest", "has a non-string " + entry.getKey());
                }
                digests.put(entry.getKey(), entry.getValue().asText().toLowerCase(java.util.Locale.ROOT));
            }
            subjects.add(new Subject(strict.optionalText(subject, "name", where), digests));
        }
        return new InTotoStatement(subjects, strict.text(root, "predicateType", ""));
    }
}
