package dev.berth.registry.ui.assets;

import dev.berth.oci.digest.Digest;
import dev.berth.registry.ui.html.Layout;
import dev.berth.registry.ui.html.UiPaths;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The web UI's stylesheet and script, served by the registry itself from its jar: no page loads anything from
 * another origin. Their addresses carry a hash of their content, so browsers keep them until they change.
 */
public final class Assets implements HttpService {

    private record Asset(byte[] content, String type, String version) {
    }

    private final Map<String, Asset> assets;

    private Assets(Map<String, Asset> assets) {
        this.assets = assets;
    }

    /** The assets in the jar. */
    public static Assets load() {
        return new Assets(Map.of("ui.css", read("ui.css", "text/css; charset=utf-8"),
                "ui.js", read("ui.js", "text/javascript; charset=utf-8"),
                "icon.svg", read("icon.svg", "image/svg+xml")));
    }

    private static Asset read(String name, String type) {
        try (InputStream in = Assets.class.getResourceAsStream("/dev/berth/registry/ui/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the web UI's " + name + " is missing from the jar");
            }
            byte[] content = in.readAllBytes();
            return new Asset(content, type, Digest.sha256(content).hex().substring(0, 16));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page frame, linking to these assets by their current versions. */
    public Layout layout() {
        return new Layout(address("ui.css"), address("ui.js"), address("icon.svg"));
    }

    private String address(String name) {
        return UiPaths.ASSETS + name + "?v=" + assets.get(name).version();
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(UiPaths.ASSETS + "{name}", this::serve);
    }

    private void serve(ServerRequest request, ServerResponse response) {
        Asset asset = assets.get(request.path().pathParameters().get("name"));
        if (asset == null) {
            response.status(Status.NOT_FOUND_404);
            response.send();
            return;
        }
        boolean current = request.query().first("v").map(asset.version()::equals).orElse(false);
        response.header(HeaderNames.CONTENT_TYPE, asset.type());
        response.header(HeaderNames.CACHE_CONTROL, current ? "public, max-age=31536000, immutable" : "no-cache");
        response.header(HeaderNames.ETAG, "\"" + asset.version() + "\"");
        response.send(asset.content());
    }
}
