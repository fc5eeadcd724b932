package dev.berth.cli.serve;

/** A setting of {@code berth serve} that cannot work; the message says which and how to fix it. */
public final class ConfigException extends Exception {

    public ConfigException(String message) {
        super(message);
    }
}
