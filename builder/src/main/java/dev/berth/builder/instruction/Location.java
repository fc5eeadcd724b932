package dev.berth.builder.instruction;

/** A place in a Dockerfile, for messages: file, first and last line. */
public record Location(String file, int startLine, int endLine) {

    @Override
    public String toString() {
        return file + ":" + startLine;
    }
}
