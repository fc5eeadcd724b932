package dev.berth.builder.build;

import dev.berth.builder.image.BuiltImage;
import dev.berth.builder.image.ImageWriter;
import dev.berth.builder.instruction.Location;
import dev.berth.builder.progress.Progress;
import dev.berth.builder.store.LocalImages;
import dev.berth.client.ImagePuller;
import dev.berth.client.ImageRefusedException;
import dev.berth.client.ManifestGate;
import dev.berth.client.RegistryClientException;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.Platform;
import dev.berth.oci.reference.Reference;
import java.io.IOException;
import java.util.Optional;

/** Base and --from images: the local store first (as docker build does), else pulled from their registry. */
final class BaseImages {
    private final ImagePuller puller;
    private final LocalImages localImages;
    private final ImageWriter imageWriter;
    private final Progress progress;
    private final boolean pull;
    private final Optional<ImagePolicy> policy;

    /**
     * With {@code pull}, images come from their registry even when the local store has them ({@code --pull}); so do
     * those the policy needs to check there.
     */
    BaseImages(ImagePuller puller, LocalImages localImages, ImageWriter imageWriter, Progress progress,
               boolean pull, Optional<ImagePolicy> policy) {
        this.puller = puller;
        this.localImages = localImages;
        this.imageWriter = imageWriter;
        this.progress = progress;
        this.pull = pull;
        this.policy = policy;
    }

    /**
     * The image's manifest; a registry that cannot give it fails with a {@link RegistryClientException}, and an image
     * the policy rejects with an {@link ImageRefusedException}.
     */
    Descriptor resolve(Reference reference, Platform platform) throws IOException {
        boolean checked = policy.isPresent() && policy.get().needsRegistry(reference);
        Optional<Descriptor> local = pull || checked ? Optional.empty() : localImages.find(reference);
        if (local.isPresent() && platform.equals(Platforms.target())) {
            return local.get();
        }
        progress.info("# pulling " + reference + (checked ? " (checking its signatures under "
                + policy.get().source() + ")" : ""));
        Descriptor manifest = puller.pull(reference, platform, policy.map(ImagePolicy::gate)
                .orElse(ManifestGate.OPEN));
        BuiltImage image = imageWriter.read(manifest);
        if (platform.equals(Platforms.target())) {
            localImages.tag(reference, manifest, image.blobs());
        }
        return manifest;
    }

    /** The image's manifest, for FROM: a failure names the line and the image. */
    Descriptor resolve(Reference reference, Platform platform, Location at) throws BuildException, IOException {
        try {
            return resolve(reference, platform);
        } catch (RegistryClientException e) {
            throw new BuildException(at, "cannot get image " + reference + ": " + e.getMessage());
        } catch (ImageRefusedException e) {
            throw new BuildException(at, e.getMessage());
        }
    }
}
