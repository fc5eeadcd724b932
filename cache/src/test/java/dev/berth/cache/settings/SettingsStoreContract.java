package dev.berth.cache.settings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every medium's settings store does: each backend's test extends this with its own store. */
public abstract class SettingsStoreContract {

    /** A fresh store, on an empty medium. */
    protected abstract SettingsStore store() throws Exception;

    @Test
    void documents_areWrittenReadListedAndDeleted_byFolder() throws Exception {
        SettingsStore store = store();
        byte[] policy = "{\"rules\":[]}".getBytes(StandardCharsets.UTF_8);
        store.write("lifecycle/b.json", policy);
        store.write("lifecycle/a.json", policy);
        store.write("other/c.json", policy);
        assertArrayEquals(policy, store.read("lifecycle/a.json").orElseThrow());
        assertEquals(List.of("lifecycle/a.json", "lifecycle/b.json"), store.list("lifecycle/"));
        assertTrue(store.delete("lifecycle/a.json"));
        assertFalse(store.delete("lifecycle/a.json"));
        assertEquals(Optional.empty(), store.read("lifecycle/a.json"));
        assertEquals(List.of(), store.list("none/"));
    }

    @Test
    void aNameThatCouldLeaveTheStore_isRefused() throws Exception {
        SettingsStore store = store();
        assertThrows(IllegalArgumentException.class, () -> store.write("../escape", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> store.read("/absolute"));
    }
}
