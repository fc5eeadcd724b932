package dev.berth.client;

import java.io.IOException;

/** An image a {@link ManifestGate} refused; the message names the image, the rule and the reason. */
public final class ImageRefusedException extends IOException {

    public ImageRefusedException(String message) {
        super(message);
    }
}
