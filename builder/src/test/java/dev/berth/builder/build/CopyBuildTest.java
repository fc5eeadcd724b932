package dev.berth.builder.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.builder.image.BuiltImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COPY's semantics, checked on the layer tars the builder writes. */
class CopyBuildTest {

    @TempDir
    Path work;
    private BuildFixture fixture;
    private Path context;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new BuildFixture(work.resolve("data"));
        context = BuildFixture.context(work.resolve("ctx"), Map.of(
                "a.txt", "A", "b.txt", "B", "c.md", "C",
                "dir/x", "X", "dir/sub/y", "Y"));
    }

    private List<String> onlyLayer(String dockerfile) throws Exception {
        BuiltImage image = fixture.build(context, "FROM scratch\n" + dockerfile);
        return fixture.entries(image.layers().getLast());
    }

    @Test
    void file_toPathWithoutSlash_isWrittenAsThatFile() throws Exception {
        assertEquals(List.of("opt/ dir 755 0:0", "opt/renamed file 644 0:0 A"),
                onlyLayer("COPY a.txt /opt/renamed"));
    }

    @Test
    void file_toPathWithSlash_goesInside() throws Exception {
        assertEquals(List.of("opt/ dir 755 0:0", "opt/a.txt file 644 0:0 A"), onlyLayer("COPY a.txt /opt/"));
    }

    @Test
    void relativeDestination_isUnderWorkdir() throws Exception {
        assertEquals(List.of("app/ dir 755 0:0", "app/a.txt file 644 0:0 A"),
                onlyLayer("WORKDIR /app\nCOPY a.txt ."));
    }

    @Test
    void directory_copiesItsContentsNotItself() throws Exception {
        List<String> entries = onlyLayer("COPY dir /target");
        assertEquals(List.of("target/ dir", "target/sub/ dir", "target/sub/y file", "target/x file"),
                entries.stream().map(e -> e.substring(0, e.indexOf(' ', e.indexOf(' ') + 1))).toList());
    }

    @Test
    void wildcard_matchesInTheContextRoot() throws Exception {
        List<String> entries = onlyLayer("COPY *.txt /t/");
        assertEquals(List.of("t/ dir 755 0:0", "t/a.txt file 644 0:0 A", "t/b.txt file 644 0:0 B"), entries);
    }

    @Test
    void severalSources_needADirectoryDestination() {
        var e = assertThrows(BuildException.class, () -> onlyLayer("COPY a.txt b.txt /file"));
        assertTrue(e.getMessage().contains("ending in /"), e.getMessage());
        assertTrue(e.getMessage().contains("Dockerfile:2"), e.getMessage());
    }

    @Test
    void chownAndChmod_setOwnerAndMode() throws Exception {
        assertEquals(List.of("f file 600 1000:50 A"), onlyLayer("COPY --chown=1000:50 --chmod=600 a.txt /f"));
    }

    @Test
    void chownWithUserOnly_usesTheUidAsGid() throws Exception {
        assertEquals(List.of("f file 644 7:7 A"), onlyLayer("COPY --chown=7 a.txt /f"));
    }

    @Test
    void chownByName_isLookedUpInTheImagesPasswd() throws Exception {
        Files.writeString(context.resolve("passwd"), "root:x:0:0::/root:/bin/sh\napp:x:1234:99::/home/app:/bin/sh\n");
        Files.writeString(context.resolve("group"), "root:x:0:\nstaff:x:50:\n");
        List<String> entries = onlyLayer("COPY passwd group /etc/\nCOPY --chown=app a.txt /a\n"
                + "COPY --chown=app:staff b.txt /b");
        assertEquals(List.of("b file 644 1234:50 B"), entries);
    }

    @Test
    void chownOfUnknownName_failsNamingIt() {
        var e = assertThrows(BuildException.class, () -> onlyLayer("COPY --chown=nobody a.txt /a"));
        assertTrue(e.getMessage().contains("nobody"), e.getMessage());
    }

    @Test
    void symbolicChmod_isAppliedToTheSourceMode() throws Exception {
        assertEquals(List.of("f file 754 0:0 A"), onlyLayer("COPY --chmod=u+x,g+x a.txt /f"));
    }

    @Test
    void symlinksAndHardlinks_areKeptAsLinks() throws Exception {
        Files.createSymbolicLink(context.resolve("dir/link"), Path.of("x"));
        Files.createLink(context.resolve("dir/hard"), context.resolve("dir/x"));
        List<String> entries = onlyLayer("COPY dir /d");
        assertTrue(entries.contains("d/link symlink 777 0:0 -> x"), entries.toString());
        assertTrue(entries.contains("d/x hardlink 644 0:0 -> d/hard"), entries.toString());
    }

    @Test
    void sourceOutsideTheContext_throughDotDot_isRefused() {
        var e = assertThrows(BuildException.class, () -> onlyLayer("COPY ../secret /s"));
        assertTrue(e.getMessage().contains("outside the build context"), e.getMessage());
    }

    @Test
    void sourceOutsideTheContext_throughASymlink_isRefused() throws Exception {
        Files.writeString(work.resolve("secret"), "S");
        Files.createSymbolicLink(context.resolve("escape"), work.resolve("secret"));
        var e = assertThrows(BuildException.class, () -> onlyLayer("COPY escape /s"));
        assertTrue(e.getMessage().contains("outside the build context"), e.getMessage());
    }

    @Test
    void dockerignore_excludesWithExceptions() throws Exception {
        Files.writeString(context.resolve(".dockerignore"), "*.txt\n!b.txt\ndir/**/y\n");
        List<String> entries = onlyLayer("COPY . /all/");
        List<String> names = entries.stream().map(e -> e.substring(0, e.indexOf(' '))).toList();
        assertTrue(names.contains("all/b.txt") && !names.contains("all/a.txt"), names.toString());
        assertTrue(names.contains("all/dir/x") && !names.contains("all/dir/sub/y"), names.toString());
    }

    @Test
    void missingSource_failsNamingIt() {
        var e = assertThrows(BuildException.class, () -> onlyLayer("COPY nothere /x"));
        assertTrue(e.getMessage().contains("nothere"), e.getMessage());
    }

    @Test
    void heredoc_becomesAFileWithVariablesExpanded() throws Exception {
        assertEquals(List.of("etc/ dir 755 0:0", "etc/greeting file 644 0:0 hello world"),
                onlyLayer("ENV WHO=world\nCOPY <<EOF /etc/greeting\nhello $WHO\nEOF"));
    }

    @Test
    void fileOntoAnExistingDirectory_isRefused() throws Exception {
        Files.writeString(context.resolve("sub"), "a file named like the directory");
        var e = assertThrows(BuildException.class, () -> onlyLayer("COPY dir /d\nCOPY sub /d/"));
        assertTrue(e.getMessage().contains("directory"), e.getMessage());
    }

    @Test
    void parents_keepTheSourcesDirectories() throws Exception {
        List<String> entries = onlyLayer("COPY --parents dir/x dir/sub/y /p/");
        List<String> files = entries.stream().filter(e -> e.contains(" file ")).map(e -> e.substring(0,
                e.indexOf(' '))).toList();
        assertEquals(List.of("p/dir/sub/y", "p/dir/x"), files);
    }

    @Test
    void parents_withAPivot_keepOnlyWhatFollowsIt() throws Exception {
        List<String> entries = onlyLayer("COPY --parents ./dir/./sub/y /p/");
        assertTrue(entries.contains("p/sub/y file 644 0:0 Y"), entries.toString());
    }

    @Test
    void doubleStar_matchesAcrossDirectories() throws Exception {
        List<String> entries = onlyLayer("COPY --parents dir/**/y /p/");
        assertTrue(entries.contains("p/dir/sub/y file 644 0:0 Y"), entries.toString());
    }

    @Test
    void exclude_leavesMatchingFilesOut() throws Exception {
        List<String> entries = onlyLayer("COPY --exclude=*.md --exclude=**/sub . /all/");
        List<String> names = entries.stream().map(e -> e.substring(0, e.indexOf(' '))).toList();
        assertTrue(names.contains("all/a.txt") && !names.contains("all/c.md"), names.toString());
        assertTrue(names.contains("all/dir/x") && !names.contains("all/dir/sub/y"), names.toString());
    }

    @Test
    void destinationThroughASymlinkInTheImage_landsAtItsTarget() throws Exception {
        Files.createDirectories(context.resolve("root/usr/bin"));
        Files.writeString(context.resolve("root/usr/bin/sh"), "shell");
        Files.createSymbolicLink(context.resolve("root/bin"), Path.of("usr/bin"));
        List<String> entries = onlyLayer("COPY root/ /\nCOPY a.txt /bin/");
        assertEquals(List.of("usr/ dir 755 0:0", "usr/bin/ dir 755 0:0", "usr/bin/a.txt file 644 0:0 A"), entries);
    }

    @Test
    void dockerfileSpecificIgnoreFile_winsOverTheContextOne() throws Exception {
        Files.writeString(context.resolve(".dockerignore"), "a.txt\n");
        Files.writeString(context.resolve("Dockerfile.dockerignore"), "b.txt\n");
        List<String> names = onlyLayer("COPY *.txt /t/").stream().map(e -> e.substring(0, e.indexOf(' '))).toList();
        assertEquals(List.of("t/", "t/a.txt"), names);
    }
    @Test
    void directoryIntoAnExistingDirectory_leavesThatDirectorysModeAndOwnerAlone() throws Exception {
        BuiltImage image = fixture.build(context, """
                FROM scratch AS base
                COPY --chmod=1777 --chown=0:0 c.md /tmp/
                COPY --chmod=700 --chown=5:5 c.md /root/
                FROM base
                COPY dir/ /tmp/
                COPY dir/ /root/
                """);
        List<String> entries = fixture.entries(image.layers().get(2));
        assertEquals("tmp/ dir 1777 0:0", entries.getFirst(), "BuildKit never changes an existing destination");
        assertEquals("root/ dir 700 5:5", fixture.entries(image.layers().get(3)).getFirst());
    }

    @Test
    void directoryToANewDestination_createsItAs0755Root_notWithTheSourcesMode() throws Exception {
        Files.setPosixFilePermissions(context.resolve("dir"), java.nio.file.attribute.PosixFilePermissions
                .fromString("rwx------"));
        assertEquals(List.of("new/ dir 755 0:0", "new/deeper/ dir 755 0:0", "new/deeper/sub/ dir 755 0:0"),
                onlyLayer("COPY dir /new/deeper").subList(0, 3));
    }

    @Test
    void octalChmod_isTheModeOfTheDirectoriesTheCopyCreates_asInBuildKit() throws Exception {
        assertEquals(List.of("opt/ dir 750 0:0", "opt/app/ dir 750 0:0", "opt/app/a.txt file 750 0:0 A"),
                onlyLayer("COPY --chmod=750 a.txt /opt/app/"));
        assertEquals(List.of("s/ dir 755 0:0", "s/a.txt file 744 0:0 A"), onlyLayer("COPY --chmod=u+x a.txt /s/"));
    }

    @Test
    void copyFromAStage_keepsTheOwnersOfTheFiles_unlessChownIsGiven() throws Exception {
        BuiltImage image = fixture.build(context, """
                FROM scratch AS files
                COPY --chown=1000:1000 dir /bundle
                COPY --chown=2000:3000 a.txt /bundle/a.txt
                FROM scratch
                COPY --from=files /bundle /opt/bundle
                COPY --from=files --chown=7:7 /bundle/a.txt /chowned
                """);
        List<String> kept = fixture.entries(image.layers().get(0));
        assertTrue(kept.contains("opt/bundle/a.txt file 644 2000:3000 A"), kept.toString());
        assertTrue(kept.contains("opt/bundle/sub/ dir 755 1000:1000"), kept.toString());
        assertTrue(kept.contains("opt/bundle/ dir 755 0:0"), "the destination is created by root: " + kept);
        assertEquals(List.of("chowned file 644 7:7 A"), fixture.entries(image.layers().get(1)));
    }
}
