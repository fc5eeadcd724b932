package dev.berth.registry.auth.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;

/** Writes signed tokens: a JWT with the ES256 signature of the current signing key, named in the header. */
public final class TokenSigner {

    public String sign(TokenClaims claims, SigningKey key) {
        try {
            String header = Jwt.encode(Jwt.JSON.writeValueAsBytes(new Jwt.Header(Jwt.ALGORITHM, "JWT", key.kid())));
            String payload = Jwt.encode(Jwt.JSON.writeValueAsBytes(claims));
            Signature es256 = Signature.getInstance(Jwt.JDK_ALGORITHM);
            es256.initSign(key.keys().getPrivate());
            es256.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + Jwt.encode(es256.sign());
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }
}
