package dev.berth.builder.substitution;

import java.util.regex.Pattern;

/** Shell glob patterns of the {@code ${x#pattern}} family as regular expressions: {@code *}, {@code ?}, escapes. */
final class ShellPattern {

    private ShellPattern() {
    }

    static Pattern toRegex(String glob, boolean greedy) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> regex.append(greedy ? ".*" : ".*?");
                case '?' -> regex.append('.');
                case '\\' -> {
                    if (i + 1 < glob.length()) {
                        regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    } else {
                        regex.append(Pattern.quote("\\"));
                    }
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
