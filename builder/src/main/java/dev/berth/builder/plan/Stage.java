package dev.berth.builder.plan;

import dev.berth.builder.instruction.Instruction;
import java.util.List;
import java.util.Set;

/**
 * One build stage: its FROM (image expanded with the global ARGs), its instructions, and the stages it needs.
 *
 * @param index      0-based position in the Dockerfile, which {@code COPY --from=0} names
 * @param name       the {@code AS} name in lower case, or null
 * @param baseImage  the FROM image after substitution: an image reference, {@code scratch}, or another stage's name
 * @param baseStage  the index of the stage this one starts from, or -1 when it starts from an image
 * @param dependsOn  indexes of every stage this stage needs (its base and COPY --from / mount sources)
 */
public record Stage(int index, String name, Instruction.From from, String baseImage, int baseStage,
                    List<Instruction> instructions, Set<Integer> dependsOn) {

    public Stage {
        instructions = List.copyOf(instructions);
        dependsOn = Set.copyOf(dependsOn);
    }

    /** How progress output names the stage. */
    public String label() {
        return name != null ? name : "stage-" + index;
    }
}
