package dev.berth.cache.s3;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * S3 clients as Berth uses them: the JDK's HTTP connection, the SDK's standard retries with backoff (which include
 * throttling answers such as 503 SlowDown), and credentials from the SDK's default chain unless given.
 */
public final class S3Clients {

    private S3Clients() {
    }

    /** A client for the settings, with credentials from the default chain (environment, profiles, instance roles). */
    public static S3Client of(S3Settings settings) {
        return of(settings, DefaultCredentialsProvider.builder().build());
    }

    /** Presigns download URLs of the settings' bucket with the same credentials. */
    public static S3Presigner presigner(S3Settings settings, AwsCredentialsProvider credentials) {
        var builder = S3Presigner.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    public static S3Client of(S3Settings settings, AwsCredentialsProvider credentials) {
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                // Checksums only where S3 requires them: S3-compatible stores (S3Proxy, older MinIO and Ceph) refuse
                // the trailing checksums the SDK sends by default; blobs are verified by their digest anyway.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(configuration -> configuration.retryStrategy(RetryMode.STANDARD));
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
