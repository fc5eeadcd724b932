package dev.berth.builder.build;

/** RUN with overlayfs snapshots: layers extracted once per diff ID as lower directories. */
class RunBuildWithOverlayTest extends RunBuildContract {

    @Override
    String snapshotter() {
        return "overlay";
    }
}
