package dev.berth.registry.ui.browse;

import static dev.berth.registry.ui.html.Html.attr;
import static dev.berth.registry.ui.html.Html.cls;
import static dev.berth.registry.ui.html.Html.el;

import dev.berth.registry.signature.SignatureStatus;
import dev.berth.registry.ui.html.Html;
import java.util.List;
import java.util.stream.Collectors;

/** A manifest's signatures in a word: verified (and by whom, on hover), signed but not verified, or unsigned. */
final class SignatureBadge {

    private SignatureBadge() {
    }

    static Html of(SignatureStatus status) {
        if (!status.signed()) {
            return el("span", cls("badge unsigned"), "unsigned");
        }
        String formats = status.formats().stream().map(SignatureStatus.Format::format).distinct()
                .collect(Collectors.joining(", "));
        if (status.verified()) {
            List<String> signers = status.formats().stream().flatMap(format -> format.signers().stream())
                    .distinct().toList();
            return el("span", cls("badge verified"), attr("title", formats + ", by " + String.join(", ", signers)),
                    "verified");
        }
        return el("span", cls("badge signed"), attr("title", formats + ": not verified"), "signed");
    }
}
