package io.lookout.api;

import io.lookout.operations.LookoutMetrics;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The ingest endpoints' {@code 429} answers (a project's quota, a key's rate limit), each sent after a
 * random wait of up to {@code lookout.ingest.refusal-spread-ms}, without a thread held meanwhile;
 * every other answer at once (docs/architecture.md, "Quotas", refusals spread in time).
 *
 * <p>Why: the Sentry SDKs wait the whole seconds a {@code 429} names and count them from its
 * arrival. Refused together when a project's bucket runs dry, they came back together, a second
 * later, and took the bucket's refill in one burst that the consumer then stored at full speed
 * beside the people reading the pages. Answered at spread moments, they come back at spread
 * moments, each taking what the bucket refilled since the last one: the quota's rate, evenly.
 * A sender that ignores the {@code 429} and waits for its answer before the next request is slowed
 * to the pace of its answers. At most {@link #MAX_HELD} answers wait at once; beyond that (or with
 * the setting at {@code 0}) a refusal is answered at once.
 *
 * <p>How: a filter, so that only a refusal pays for the asynchronous answer (a resource returning a
 * {@code CompletionStage} made JAX-RS suspend every request, the accepted ones too): the request goes
 * through with a response that, once its status is {@code 429}, keeps the body it is given (the
 * status and headers are set on the real response, which is not committed); the filter then
 * starts the request's asynchronous mode and a scheduled task writes the body and completes it.
 */
@WebFilter(filterName = "RefusalSpread", urlPatterns = "/api/*", asyncSupported = true)
public class RefusalSpread extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(RefusalSpread.class.getName());

    public static final String SPREAD_KEY = "lookout.ingest.refusal-spread-ms";
    /** The refusals that may wait for their answer at once (a connection each, no thread). */
    static final int MAX_HELD = 1000;

    private static final int TOO_MANY_REQUESTS = 429;

    @Inject
    @ConfigProperty(name = SPREAD_KEY, defaultValue = "1000")
    private int spreadMillis;

    @Resource
    private transient ManagedScheduledExecutorService scheduler;

    @Inject
    private transient LookoutMetrics metrics;

    private final transient AtomicInteger held = new AtomicInteger();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (spreadMillis <= 0 || !"POST".equals(request.getMethod()) || !isIngest(request.getPathInfo())) {
            chain.doFilter(request, response);
            return;
        }
        Holding holding = new Holding(response, held);
        boolean answered = false;
        try {
            chain.doFilter(request, holding);
            answered = true;
        } finally {
            if (holding.holds && !answered) {
                held.decrementAndGet();
            }
        }
        if (!holding.holds) {
            return;
        }
        if (holding.writer != null) {
            holding.writer.flush();
        }
        byte[] body = holding.body.toByteArray();
        AsyncContext async;
        try {
            async = request.startAsync(request, response);
        } catch (IllegalStateException e) {
            held.decrementAndGet();
            response.getOutputStream().write(body);
            return;
        }
        async.setTimeout(0);
        Runnable answer = () -> {
            try {
                response.getOutputStream().write(body);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "a refusal's answer could not be written", e);
            } finally {
                async.complete();
            }
        };
        if (!later(answer, spreadMillis, scheduler, held, metrics::refusalHeld)) {
            answer.run();
        }
    }

    /**
     * Whether a path below {@code /api} is an ingest endpoint's: {@code /{project}/events}, {@code
     * /{project}/envelope/}, {@code /{project}/store/}.
     */
    static boolean isIngest(String path) {
        if (path == null) {
            return false;
        }
        int slash = path.indexOf('/', 1);
        if (slash < 2) {
            return false;
        }
        for (int i = 1; i < slash; i++) {
            if (!Character.isDigit(path.charAt(i))) {
                return false;
            }
        }
        String rest = path.substring(slash + 1);
        // the paths JAX-RS routes to the three ingest resources, and no others
        return switch (rest) {
            case "events", "envelope", "envelope/", "store", "store/" -> true;
            default -> false;
        };
    }

    /**
     * Runs {@code answer} after a random wait below {@code spread} ms, unless the scheduler refuses the
     * task (the server stopping).
     *
     * @param held the refusals waiting now; the caller has counted this one in
     * @param waited told each wait in ns, before its answer is written
     * @return whether {@code answer} was scheduled; if not, the caller answers now (and {@code held}
     *     is counted down)
     */
    static boolean later(
            Runnable answer, int spread, ScheduledExecutorService scheduler, AtomicInteger held, LongConsumer waited) {
        long wait = ThreadLocalRandom.current().nextLong(TimeUnit.MILLISECONDS.toNanos(spread));
        try {
            scheduler.schedule(
                    () -> {
                        held.decrementAndGet();
                        waited.accept(wait);
                        answer.run();
                    },
                    wait,
                    TimeUnit.NANOSECONDS);
            return true;
        } catch (RejectedExecutionException e) {
            held.decrementAndGet();
            return false;
        }
    }

    /**
     * Whether one more refusal may wait (then it is counted in {@code held}), or {@link #MAX_HELD}
     * wait already.
     */
    static boolean mayHold(AtomicInteger held) {
        if (held.incrementAndGet() > MAX_HELD) {
            held.decrementAndGet();
            return false;
        }
        return true;
    }

    /**
     * The response a request is answered into: written through, unless its status is set to {@code
     * 429} (and one more may wait): then its body is kept, and flushes do not commit it.
     */
    static final class Holding extends HttpServletResponseWrapper {
        private final AtomicInteger held;
        final ByteArrayOutputStream body = new ByteArrayOutputStream(256);
        boolean holds;
        private ServletOutputStream stream;
        PrintWriter writer;

        Holding(HttpServletResponse response, AtomicInteger held) {
            super(response);
            this.held = held;
        }

        @Override
        public void setStatus(int status) {
            if (status == TOO_MANY_REQUESTS && !holds && stream == null && writer == null) {
                holds = mayHold(held);
            } else if (status != TOO_MANY_REQUESTS && holds) {
                release(); // another answer after all (an error mapped late): written through
            }
            super.setStatus(status);
        }

        @Override
        public void reset() {
            if (holds) {
                release();
            }
            super.reset();
        }

        @Override
        public void resetBuffer() {
            body.reset();
            super.resetBuffer();
        }

        /** Not held after all: counted out; what was kept is dropped and what follows written through. */
        private void release() {
            holds = false;
            held.decrementAndGet();
            body.reset();
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (!holds) {
                return super.getOutputStream();
            }
            if (stream == null) {
                // kept while held; written through once released (the stream may be handed out before)
                ServletOutputStream real = super.getOutputStream();
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        if (holds) {
                            body.write(b);
                        } else {
                            real.write(b);
                        }
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        if (holds) {
                            body.write(bytes, offset, length);
                        } else {
                            real.write(bytes, offset, length);
                        }
                    }

                    @Override
                    public void flush() throws IOException {
                        if (!holds) {
                            real.flush();
                        }
                    }

                    @Override
                    public boolean isReady() {
                        return holds || real.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        real.setWriteListener(listener);
                    }
                };
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (!holds && writer == null) {
                return super.getWriter();
            }
            if (writer == null) {
                String encoding = getCharacterEncoding();
                Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
                writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), charset));
            }
            return writer;
        }

        @Override
        public void flushBuffer() throws IOException {
            if (writer != null) {
                writer.flush();
            }
            if (!holds) {
                super.flushBuffer();
            }
        }
    }
}
