package io.lookout.project;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The projects as ingestion sees them, kept for {@code lookout.ingest.project-cache-millis} (default
 * 2,000; 0 reads the database every time). Every accepted request and every queued message needs
 * its project; reading it through the EntityManager each time was a large share of the edge's CPU
 * at full load (docs/benchmarks.md). A change of key, filterable data keys or scrubbing settings on this node takes
 * effect at once (the entry is dropped when the changing transaction completes); other nodes of a
 * cluster see it within the cache time.
 */
@ApplicationScoped
public class ProjectSnapshots {

    private record Entry(ProjectSnapshot project, long readAtNanos) {}

    private final ConcurrentMap<Long, Entry> entries = new ConcurrentHashMap<>();
    /** Counts changes, so a read that raced with one does not put its old answer back. */
    private final AtomicLong changes = new AtomicLong();

    @Inject
    private Projects projects;

    @Inject
    @ConfigProperty(name = "lookout.ingest.project-cache-millis", defaultValue = "2000")
    private long cacheMillis;

    private LongFunction<Optional<ProjectSnapshot>> reader;
    private LongSupplier clock = System::nanoTime;

    protected ProjectSnapshots() {}

    /** For tests: reads projects with {@code reader} and tells time with {@code nanoClock}. */
    ProjectSnapshots(LongFunction<Optional<ProjectSnapshot>> reader, long cacheMillis, LongSupplier nanoClock) {
        this.reader = reader;
        this.cacheMillis = cacheMillis;
        this.clock = nanoClock;
    }

    @PostConstruct
    void init() {
        reader = id -> projects.find(id).map(project -> {
            Entry previous = entries.get(id);
            return ProjectSnapshot.of(
                    project, previous == null ? null : previous.project().groupingRules());
        });
    }

    /** The project, read at most {@code project-cache-millis} ago; empty when there is none. */
    public Optional<ProjectSnapshot> find(long id) {
        long now = clock.getAsLong();
        Entry entry = entries.get(id);
        if (entry != null && now - entry.readAtNanos() < cacheMillis * 1_000_000L) {
            return Optional.of(entry.project());
        }
        long changesBefore = changes.get();
        Optional<ProjectSnapshot> project = reader.apply(id);
        if (project.isPresent() && cacheMillis > 0 && changes.get() == changesBefore) {
            entries.put(id, new Entry(project.get(), now));
        }
        return project;
    }

    void changed(@Observes(during = TransactionPhase.AFTER_COMPLETION) ProjectChanged change) {
        changes.incrementAndGet();
        entries.remove(change.projectId());
    }
}
