package kr.publicdata.scheduler.fetch;

import kr.publicdata.scheduler.catalogue.Catalogue;
import kr.publicdata.scheduler.catalogue.SourceDefinition;
import kr.publicdata.scheduler.portal.PortalClient;
import kr.publicdata.scheduler.portal.PortalErrorType;
import kr.publicdata.scheduler.portal.PortalException;
import kr.publicdata.scheduler.portal.ServiceKey;
import kr.publicdata.scheduler.portal.SourceReader;
import kr.publicdata.scheduler.run.RunStore;
import kr.publicdata.scheduler.store.RecordStore;
import kr.publicdata.scheduler.store.RunBookkeeping;
import kr.publicdata.scheduler.store.SourceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Runs one fetcher invocation: checks the request, finds the source's key, counts the attempt, pulls as
 * much as the invocation's time allows and answers with the source's result (running totals, plus a
 * cursor while the pull is not done). Failures leave as classified exceptions with redacted messages.
 */
public final class SourceFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(SourceFetcher.class);

    private final Catalogue catalogue;
    private final FetcherConfig config;
    private final ServiceKeys keys;
    private final PortalClient portal;
    private final RecordStore records;
    private final RunBookkeeping bookkeeping;
    private final SourceReader.Sleeper sleeper;
    private final RunStore runs;

    /**
     * @param runs the executions table, where a retried invocation marks its run RETRYING; null to skip
     */
    public SourceFetcher(Catalogue catalogue, FetcherConfig config, ServiceKeys keys, PortalClient portal,
                         RecordStore records, RunBookkeeping bookkeeping, SourceReader.Sleeper sleeper,
                         RunStore runs) {
        this.catalogue = catalogue;
        this.config = config;
        this.keys = keys;
        this.portal = portal;
        this.records = records;
        this.bookkeeping = bookkeeping;
        this.sleeper = sleeper;
        this.runs = runs;
    }

    public SourceResult fetch(FetchRequest request, LongSupplier remainingMillis) {
        SourceDefinition source = config.resolve(catalogue.source(request.source()).orElseThrow(() ->
                configurationError("unknown source \"" + request.source() + "\"", "use one of "
                        + catalogue.sources().stream().map(SourceDefinition::id).toList())));
        if (request.runId() == null || request.runId().isBlank()) {
            throw configurationError("the request has no runId", "pass the workflow's execution id as runId");
        }
        ServiceKey key = serviceKey(source);
        int step = request.cursor() == null ? 0 : request.cursor().step();
        RunBookkeeping.Attempts attempt = bookkeeping.startInvocation(request.runId(), source.id(), step);
        if (attempt.retry() && runs != null && request.index() != null) {
            runs.markRetrying(request.runId(), request.index());
        }
        SourceState state = bookkeeping.loadState(source.id());
        Cursor start = request.cursor() != null ? request.cursor() : firstCursor(request.mode(), source, state);
        SourceReader reader = new SourceReader(source, portal, key, config.pageMaxAttempts(),
                config.pageRetryBaseMillis(), sleeper);
        InvocationBudget budget = new InvocationBudget(remainingMillis, config.timeReserve().toMillis(),
                config.maxPagesPerInvocation());
        Cursor end;
        try {
            end = new SourcePull(source, request.runId(), start, state, reader, records, bookkeeping, budget,
                    config.maxDropPercent(source.id())).run();
        } catch (PortalException e) {
            bookkeeping.addUsage(request.runId(), source.id(), reader.apiCalls(), reader.retries());
            PortalException safe = PortalException.of(e.type(), e.code(), portal.redactor().redact(e.meaning()),
                    e.remediation());
            bookkeeping.recordFailure(request.runId(), source.id(), classified(safe));
            LOG.error("{} failed: {}", source.id(), safe.getMessage());
            throw PortalException.of(e.type(), e.code(), source.id() + ": " + safe.meaning(), e.remediation());
        } catch (RuntimeException e) {
            bookkeeping.addUsage(request.runId(), source.id(), reader.apiCalls(), reader.retries());
            throw e;
        }
        RunBookkeeping.Attempts usage = bookkeeping.addUsage(request.runId(), source.id(), reader.apiCalls(),
                reader.retries());
        boolean done = "DONE".equals(end.phase());
        return new SourceResult(source.id(), done ? SourceResult.SUCCESS : SourceResult.RUNNING, end.pull(),
                end.complete(), end.created(), end.updated(), end.unchanged(), end.removed(), end.invalid(),
                end.quality(), usage.apiCalls(), usage.attempts(), usage.invocationRetries() + usage.pageRetries(),
                null, end.warnings(), done ? null : end);
    }

    /** The error as the run record shows it: type, portal code, meaning, remediation and the whole message. */
    private static Map<String, String> classified(PortalException e) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("type", e.type().name());
        error.put("code", e.code());
        error.put("meaning", e.meaning());
        error.put("remediation", e.remediation());
        error.put("message", e.getMessage());
        return error;
    }

    private Cursor firstCursor(String mode, SourceDefinition source, SourceState state) {
        String pull = PullMode.choose(mode, source, state, config.fullRefresh(), Instant.now());
        return new Cursor(0, pull, Cursor.FETCH, 1, null, 0, null, 0, false, false, false, null, 0, 0, 0, 0, 0,
                Quality.ZERO, List.of());
    }

    /** The source's key, registered for redaction; none is needed when a local portal stands in. */
    private ServiceKey serviceKey(SourceDefinition source) {
        String name = source.serviceKeyName();
        String configured = keys.find(name);
        if (configured == null || configured.isBlank()) {
            if (config.portalBaseUrl() != null) {
                return null;
            }
            throw configurationError("no service key configured for " + source.id(), "set " + name
                    + " (an environment variable locally, a field of the service-key secret in AWS), or disable"
                    + " the source");
        }
        ServiceKey key = ServiceKey.of(configured);
        portal.redactor().register(key);
        return key;
    }

    private static PortalException configurationError(String meaning, String remediation) {
        return PortalException.of(PortalErrorType.CONFIGURATION, null, meaning, remediation);
    }
}
