package dev.berth.builder.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.builder.dockerfile.DockerfileParser;
import dev.berth.builder.instruction.InstructionException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildPlanTest {

    private static BuildPlan plan(String text, Map<String, String> args) throws Exception {
        return BuildPlan.of(new DockerfileParser().parse("Dockerfile", text), args, Map.of());
    }

    private static final String MULTI = """
            ARG VERSION=1.0
            FROM alpine:${VERSION} AS base
            FROM base AS build
            RUN make
            FROM scratch AS docs
            COPY README /
            FROM alpine AS final
            COPY --from=build /out /out
            COPY --from=0 /etc/os-release /
            """;

    @Test
    void fromImage_isExpandedWithGlobalArgs() throws Exception {
        assertEquals("alpine:1.0", plan(MULTI, Map.of()).stages().getFirst().baseImage());
        assertEquals("alpine:2.0", plan(MULTI, Map.of("VERSION", "2.0")).stages().getFirst().baseImage());
    }

    @Test
    void target_needsOnlyItsDependencies_inOrder() throws Exception {
        List<String> labels = plan(MULTI, Map.of()).stagesFor(null).stream().map(Stage::label).toList();
        assertEquals(List.of("base", "build", "final"), labels);
    }

    @Test
    void target_byName_skipsLaterStages() throws Exception {
        assertEquals(List.of("docs"), plan(MULTI, Map.of()).stagesFor("DOCS").stream().map(Stage::label).toList());
    }

    @Test
    void unknownTarget_namesTheStagesThereAre() {
        var e = assertThrows(IllegalArgumentException.class, () -> plan(MULTI, Map.of()).stagesFor("nope"));
        assertTrue(e.getMessage().contains("[base, build, docs, final]"), e.getMessage());
    }

    @Test
    void stageBase_isLinked() throws Exception {
        Stage build = plan(MULTI, Map.of()).stageNamed("build").orElseThrow();
        assertEquals(0, build.baseStage());
    }

    @Test
    void instructionBeforeFrom_otherThanArg_isRejected() {
        assertThrows(InstructionException.class, () -> plan("RUN x\nFROM a", Map.of()));
    }

    @Test
    void noFrom_isRejected() {
        assertThrows(InstructionException.class, () -> plan("ARG x=1", Map.of()));
    }

    @Test
    void duplicateStageName_isRejected() {
        assertThrows(InstructionException.class, () -> plan("FROM a AS x\nFROM b AS x", Map.of()));
    }

    @Test
    void copyFromLaterStageIndex_isRejected() {
        assertThrows(InstructionException.class, () -> plan("FROM a\nCOPY --from=1 / /\nFROM b", Map.of()));
    }
}
