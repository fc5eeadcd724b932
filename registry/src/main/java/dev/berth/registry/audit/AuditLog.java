package dev.berth.registry.audit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The audit trail: one line for every login, every denial and every write, saying who, from where, what, on which
 * repository, and the result. The lines go to the logger {@value #LOGGER}, which {@code berth serve} always writes as
 * JSON, whatever the format of the other logs, so that they can be shipped and queried as they are.
 */
public final class AuditLog {

    public static final String LOGGER = "dev.berth.registry.audit";
    private static final System.Logger LOG = System.getLogger(LOGGER);

    private AuditLog() {
    }

    /** What happened. */
    public enum Event {
        /** Credentials were checked: a token was asked for, or Basic credentials or a certificate were presented. */
        LOGIN,
        /** A request was refused for want of credentials or rights. */
        DENIED,
        /** Something was pushed, tagged, mounted or deleted (or tried to be). */
        WRITE;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Records one event.
     *
     * @param who        the caller's identity ({@code user:alice}), or the name tried for a failed login
     * @param from       the client's address
     * @param what       the request ({@code PUT /v2/team/app/manifests/1}) or the login's kind
     * @param repository the repository, or null
     * @param result     {@code ok}, a status code, or why it was refused
     */
    public static void record(Event event, String who, String from, String what, String repository, String result) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", event.label());
        fields.put("who", who);
        fields.put("from", from);
        fields.put("what", what);
        if (repository != null) {
            fields.put("repository", repository);
        }
        fields.put("result", result);
        LOG.log(System.Logger.Level.INFO, "{0}", fields);
    }
}
