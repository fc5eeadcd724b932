package dev.berth.builder.dockerfile;

import java.util.List;

/** A parsed Dockerfile: its parser directives and its instructions, in order. */
public record Dockerfile(String file, Directives directives, List<Node> nodes) {

    public Dockerfile {
        nodes = List.copyOf(nodes);
    }
}
