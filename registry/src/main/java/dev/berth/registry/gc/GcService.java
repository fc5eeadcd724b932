package dev.berth.registry.gc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.berth.oci.error.ErrorCode;
import dev.berth.registry.http.RegistryException;
import dev.berth.registry.http.Requests;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * Garbage collection on demand, for administrators: {@code POST /v2/_berth/gc} collects now (with
 * {@code ?dry-run=true}, reports what it would reclaim and changes nothing) and answers the report;
 * {@code GET /v2/_berth/gc} answers the last collection's report.
 */
public final class GcService implements HttpService {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS).build();

    private final GarbageCollector collector;

    public GcService(GarbageCollector collector) {
        this.collector = collector;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/v2/_berth/gc", this::collect)
                .get("/v2/_berth/gc", this::last);
    }

    private void collect(ServerRequest request, ServerResponse response) throws RegistryException, IOException {
        Optional<String> dryRun = Requests.query(request, "dry-run");
        if (dryRun.isPresent() && !dryRun.get().equals("true") && !dryRun.get().equals("false")) {
            throw new RegistryException(ErrorCode.UNSUPPORTED, 400, "dry-run is true or false, not '"
                    + dryRun.get() + "'", null);
        }
        GcReport report;
        try {
            report = collector.collect(dryRun.filter("true"::equals).isPresent());
        } catch (GcBusyException e) {
            throw new RegistryException(ErrorCode.UNAVAILABLE, 409, e.getMessage(), null);
        }
        send(response, report);
    }

    private void last(ServerRequest request, ServerResponse response) throws RegistryException, IOException {
        Optional<GcReport> report = collector.last();
        if (report.isEmpty()) {
            throw new RegistryException(ErrorCode.UNSUPPORTED, 404, "no garbage collection has run on this node "
                    + "since it started; POST /v2/_berth/gc runs one", null);
        }
        send(response, report.get());
    }

    private static void send(ServerResponse response, GcReport report) throws IOException {
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(json(report));
    }

    /** The report as this endpoint answers it, for those who print it. */
    public static byte[] json(GcReport report) throws IOException {
        return JSON.writeValueAsBytes(report);
    }
}
