package dev.berth.builder.build;

/** RUN with copy-and-diff snapshots, the fallback where overlayfs is not available. */
class RunBuildWithCopiesTest extends RunBuildContract {

    @Override
    String snapshotter() {
        return "copy";
    }
}
