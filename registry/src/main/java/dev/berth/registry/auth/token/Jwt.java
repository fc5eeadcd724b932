package dev.berth.registry.auth.token;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Base64;

/** The pieces of a JSON Web Token (RFC 7519) in compact form that Berth's tokens use: ES256 only. */
final class Jwt {

    /** The only algorithm Berth signs with, and the only one it accepts. */
    static final String ALGORITHM = "ES256";
    /** ES256 as the JDK names it, with the signature as R ‖ S (64 bytes), as JWS wants it, rather than DER. */
    static final String JDK_ALGORITHM = "SHA256withECDSAinP1363Format";

    /** Reads and writes headers and claims; a repeated key is refused, as two readers could disagree on it. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** A token's header. */
    record Header(String alg, String typ, String kid) {
    }

    private Jwt() {
    }

    static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Strict base64url without padding, as JWS has it; anything else is not a token Berth made. */
    static byte[] decode(String text) {
        if (text.indexOf('=') >= 0 || text.indexOf('+') >= 0 || text.indexOf('/') >= 0) {
            throw new IllegalArgumentException("not base64url without padding");
        }
        return Base64.getUrlDecoder().decode(text);
    }
}
