package io.lookout.api;

import io.lookout.operations.LookoutLog;
import jakarta.jms.JMSRuntimeException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * The broker did not take a message: an external broker failing over to its backup, or no broker
 * answering (docs/scaling.md). Nothing was accepted, and the sender may send the same events again
 * shortly (they are stored once by their ids): {@code 503} with {@code Retry-After}, not the
 * {@code 500} of a bug; logged as a warning without a stack trace.
 */
@Provider
public class QueueUnavailableMapper implements ExceptionMapper<JMSRuntimeException> {

    /** Seconds a sender waits before sending again: about what a failover to the backup takes. */
    static final int RETRY_AFTER_SECONDS = 2;

    @Override
    public Response toResponse(JMSRuntimeException exception) {
        LookoutLog.LOG.queueUnavailable(String.valueOf(exception.getMessage()));
        return Response.fromResponse(ApiErrors.error(
                        503,
                        "the event queue is not available (the broker is failing over or unreachable); nothing was"
                                + " accepted: send again in " + RETRY_AFTER_SECONDS + " s",
                        null))
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }
}
