package dev.berth.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaults_areLoopbackPort5000() throws Exception {
        ServeConfig config = ServeConfig.resolve(null, Map.of(), null, null, false);
        assertEquals("127.0.0.1", config.host());
        assertEquals(5000, config.port());
        assertEquals(ServeConfig.DEFAULT_DATA, config.data());
    }

    @Test
    void flags_overrideEnvironment_whichOverridesTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("berth.yaml"), "listen: 127.0.0.1:6000\ndata: /from/file\n");
        ServeConfig fromFile = ServeConfig.resolve(file, Map.of(), null, null, false);
        assertEquals(6000, fromFile.port());
        assertEquals(Path.of("/from/file"), fromFile.data());
        ServeConfig fromEnv = ServeConfig.resolve(file, Map.of("BERTH_LISTEN", "127.0.0.1:7000"), null, null, false);
        assertEquals(7000, fromEnv.port());
        ServeConfig fromFlag = ServeConfig.resolve(file, Map.of("BERTH_LISTEN", "127.0.0.1:7000"),
                "127.0.0.1:8000", Path.of("/from/flag"), false);
        assertEquals(8000, fromFlag.port());
        assertEquals(Path.of("/from/flag"), fromFlag.data());
    }

    @Test
    void nonLoopbackAddress_withoutTheExplicitFlag_isRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServeConfig.resolve(null, Map.of(), "0.0.0.0:5000", null, false));
        assertTrue(e.getMessage().contains("--allow-unauthenticated-remote"), e.getMessage());
    }

    @Test
    void nonLoopbackAddress_withTheFlag_isAllowed() throws Exception {
        assertEquals("0.0.0.0", ServeConfig.resolve(null, Map.of(), "0.0.0.0:5000", null, true).host());
    }

    @Test
    void listenWithoutPort_isRefusedWithAnExample() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServeConfig.resolve(null, Map.of(), "localhost", null, false));
        assertTrue(e.getMessage().contains("127.0.0.1:5000"), e.getMessage());
    }

    @Test
    void unknownKeyInTheFile_isRefusedNamingTheKnownKeys() throws Exception {
        Path file = Files.writeString(dir.resolve("berth.yaml"), "lisen: 127.0.0.1:6000\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServeConfig.resolve(file, Map.of(), null, null, false));
        assertTrue(e.getMessage().contains("known keys"), e.getMessage());
    }

    @Test
    void missingFile_isRefused() {
        assertThrows(ConfigException.class,
                () -> ServeConfig.resolve(dir.resolve("absent.yaml"), Map.of(), null, null, false));
    }
}
