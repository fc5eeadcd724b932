package dev.berth.cache.upload;

import java.io.IOException;

/** An upload id that names no session in progress (never started, completed or cancelled). */
public final class UploadNotFoundException extends IOException {

    public UploadNotFoundException(String id) {
        super("no upload in progress with id '" + id + "': start a new upload with POST /v2/<name>/blobs/uploads/");
    }
}
