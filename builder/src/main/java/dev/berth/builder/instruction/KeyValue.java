package dev.berth.builder.instruction;

/** A name and its value, as ENV, LABEL and ARG declare them; the value may be null for an ARG without default. */
public record KeyValue(String key, String value) {
}
