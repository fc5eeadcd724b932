package dev.berth.builder.instruction;

/** A place in a Dockerfile, for messages and progress: file, first and last line, and the instruction's text. */
public record Location(String file, int startLine, int endLine, String text) {

    @Override
    public String toString() {
        return file + ":" + startLine;
    }
}
