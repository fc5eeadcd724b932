package dev.berth.oci.manifest;

/** A received manifest together with what it says. */
public record ParsedManifest(RawManifest raw, Manifest manifest) {
}
