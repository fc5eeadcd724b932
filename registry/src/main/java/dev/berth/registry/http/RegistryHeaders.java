package dev.berth.registry.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;

/** The headers of the distribution API that Helidon does not name. */
public final class RegistryHeaders {

    public static final HeaderName API_VERSION = HeaderNames.create("Docker-Distribution-API-Version");
    public static final HeaderName CONTENT_DIGEST = HeaderNames.create("Docker-Content-Digest");
    public static final HeaderName UPLOAD_UUID = HeaderNames.create("Docker-Upload-UUID");
    public static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");
    public static final HeaderName OCI_SUBJECT = HeaderNames.create("OCI-Subject");
    /** That {@code /extensions/v2/<name>/signatures/<digest>} keeps simple signing signatures (containers/image). */
    public static final HeaderName SUPPORTS_SIGNATURES = HeaderNames.create("X-Registry-Supports-Signatures");
    public static final HeaderName OCI_FILTERS_APPLIED = HeaderNames.create("OCI-Filters-Applied");
    public static final HeaderName LINK = HeaderNames.create("Link");

    private RegistryHeaders() {
    }
}
