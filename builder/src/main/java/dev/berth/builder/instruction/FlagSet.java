package dev.berth.builder.instruction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code --name=value} flags of one instruction, checked against the flags that instruction takes. */
final class FlagSet {

    private final String instruction;
    private final Map<String, List<String>> values = new HashMap<>();
    private final Set<String> booleans;

    private FlagSet(String instruction, Set<String> booleans) {
        this.instruction = instruction;
        this.booleans = booleans;
    }

    /**
     * Reads the flags; every name must be among {@code strings}, {@code lists} (may repeat) or {@code booleans}.
     */
    static FlagSet parse(String instruction, List<String> flags, Set<String> strings, Set<String> lists,
                         Set<String> booleans) throws InstructionException.Problem {
        FlagSet set = new FlagSet(instruction, booleans);
        for (String flag : flags) {
            if (!flag.startsWith("--")) {
                throw new InstructionException.Problem("invalid flag '" + flag + "' of " + instruction);
            }
            String body = flag.substring(2);
            int equals = body.indexOf('=');
            String name = equals < 0 ? body : body.substring(0, equals);
            String value = equals < 0 ? null : body.substring(equals + 1);
            if (!strings.contains(name) && !lists.contains(name) && !booleans.contains(name)) {
                List<String> known = new ArrayList<>();
                known.addAll(strings);
                known.addAll(lists);
                known.addAll(booleans);
                known.sort(null);
                throw new InstructionException.Problem("unknown flag --" + name + " for " + instruction
                        + (known.isEmpty() ? ", which takes no flags" : "; it takes --" + String.join(", --", known)));
            }
            if (value == null && !booleans.contains(name)) {
                throw new InstructionException.Problem("missing a value on flag --" + name + " of " + instruction
                        + ": write --" + name + "=VALUE");
            }
            if (booleans.contains(name) && value != null && !value.equals("true") && !value.equals("false")) {
                throw new InstructionException.Problem("flag --" + name + " of " + instruction
                        + " is true or false, not '" + value + "'");
            }
            List<String> existing = set.values.computeIfAbsent(name, k -> new ArrayList<>());
            if (!existing.isEmpty() && !lists.contains(name)) {
                throw new InstructionException.Problem("duplicate flag --" + name + " of " + instruction);
            }
            existing.add(value == null ? "true" : value);
        }
        return set;
    }

    String string(String name) {
        List<String> found = values.get(name);
        return found == null ? null : found.getFirst();
    }

    List<String> list(String name) {
        return List.copyOf(values.getOrDefault(name, List.of()));
    }

    boolean bool(String name) {
        return "true".equals(string(name));
    }

    /** The boolean flag's value, or null when it was not given. */
    Boolean optionalBool(String name) {
        return booleans.contains(name) && values.containsKey(name) ? bool(name) : null;
    }

    String instruction() {
        return instruction;
    }
}
