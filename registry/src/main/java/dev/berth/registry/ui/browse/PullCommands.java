package dev.berth.registry.ui.browse;

import static dev.berth.registry.ui.html.Html.attr;
import static dev.berth.registry.ui.html.Html.cls;
import static dev.berth.registry.ui.html.Html.el;

import dev.berth.registry.ui.html.Html;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;

/** The commands that pull an image, for docker, podman and berth, each with a button that copies it. */
final class PullCommands {

    private PullCommands() {
    }

    /**
     * The commands for the image, named as the browser named this registry.
     *
     * @param reference a tag, or a digest ({@code sha256:…})
     */
    static Html of(ServerRequest request, String repository, String reference) {
        String host = request.headers().first(HeaderNames.HOST).filter(value -> value.matches("[A-Za-z0-9.:\\[\\]-]+"))
                .orElse("REGISTRY");
        String image = host + "/" + repository + (reference.contains(":") ? "@" : ":") + reference;
        List<Html> lines = List.of(line("docker", "docker pull " + image), line("podman", "podman pull " + image),
                line("berth", "berth pull " + image));
        return el("section", cls("pull"), attr("aria-label", "Pull commands"), lines);
    }

    private static Html line(String tool, String command) {
        return el("div", cls("command"), el("span", cls("tool"), tool), el("code", command),
                el("button", attr("type", "button"), cls("copy"), attr("data-copy", command),
                        attr("aria-label", "Copy the " + tool + " command"), "Copy"));
    }
}
