package kr.publicdata.scheduler.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import kr.publicdata.scheduler.catalogue.Catalogue;
import kr.publicdata.scheduler.catalogue.Family;
import kr.publicdata.scheduler.catalogue.SourceDefinition;
import kr.publicdata.scheduler.fetch.Cursor;
import kr.publicdata.scheduler.fetch.FetchRequest;
import kr.publicdata.scheduler.fetch.FetcherConfig;
import kr.publicdata.scheduler.fetch.ServiceKeys;
import kr.publicdata.scheduler.fetch.SourceFetcher;
import kr.publicdata.scheduler.fetch.SourceResult;
import kr.publicdata.scheduler.normalise.Normaliser;
import kr.publicdata.scheduler.portal.PortalClient;
import kr.publicdata.scheduler.portal.PortalPage;
import kr.publicdata.scheduler.portal.Redactor;
import kr.publicdata.scheduler.portal.ResponseAdapter;
import kr.publicdata.scheduler.store.RecordStore;
import kr.publicdata.scheduler.store.RunBookkeeping;
import kr.publicdata.scheduler.testing.LocalDynamoDb;
import kr.publicdata.scheduler.testing.WriteCounter;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the street-light fetcher against its performance targets and prints measured figures beside
 * the targets in one table:
 * <ol type="a">
 *   <li>single-thread rows/s of parse + normalise (content hash included), on synthetic family-A pages;</li>
 *   <li>a 100,000-row full refresh and then an unchanged refresh, end to end through the real
 *       {@link SourceFetcher}, a synthetic portal and the dynalite emulator: wall time and writes;</li>
 *   <li>the API calls of each pull against the floor ceil(rows / page size);</li>
 *   <li>the peak heap of a 500,000-row pull in a child JVM capped at 256 MB.</li>
 * </ol>
 * A plain program, not a test: run it with {@code tools/benchmark.sh}. Progress goes to stderr, the table
 * to stdout.
 */
public final class FetcherBenchmark {

    static final String SOURCE = "street-lights";
    static final String OPERATION = "tn_pubr_public_scrty_lmp_api";
    static final String PATH = "/openapi/" + OPERATION;
    /** The catalogue's page size for street lights, set explicitly so an environment override cannot skew it. */
    static final int PAGE_SIZE = 1000;

    static final int PARSE_PAGES = 200;
    static final int WARM_UP_ROUNDS = 3;
    static final int TIMED_ROUNDS = 5;
    static final double PARSE_TARGET_ROWS_PER_SECOND = 100_000;

    static final int REFRESH_ROWS = 100_000;
    static final int HEAP_ROWS = 500_000;
    static final int HEAP_LIMIT_MB = 256;
    /**
     * A Lambda hands over a cursor long before 500 pages; capping pages per invocation makes the benchmark
     * go through the same resume path (seen-key manifests reloaded, sweep continued) as a real pull.
     */
    static final int PAGES_PER_INVOCATION = 50;

    private static final String HEAP_CHILD = "--heap-child";
    private static final String HEAP_RESULT = "HEAP-CHILD-RESULT";
    private static final long CHILD_TIMEOUT_MINUTES = 6;

    private static final long STARTED = System.nanoTime();

    /** Keeps results alive so the JIT cannot drop the work being timed. */
    private static long sink;

    private FetcherBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && HEAP_CHILD.equals(args[0])) {
            HeapChild.run(args[1]);
            return;
        }
        Table table = new Table();
        measureParsing(table);
        measureRefreshes(table);
        measureHeap(table);
        progress("done");
        table.print();
        System.exit(0); // the portal's and SDK's non-daemon threads would otherwise keep the JVM up
    }

    // ---------------------------------------------------------------- a. parse + normalise + hash

    private static void measureParsing(Table table) {
        progress("a. building %d synthetic pages of %d rows", PARSE_PAGES, PAGE_SIZE);
        List<String> bodies = new ArrayList<>(PARSE_PAGES);
        for (int page = 1; page <= PARSE_PAGES; page++) {
            bodies.add(SyntheticPortal.pageBody(page, PAGE_SIZE, PARSE_PAGES * PAGE_SIZE));
        }
        ResponseAdapter adapter = ResponseAdapter.forFamily(Family.A);
        Normaliser normaliser = new Normaliser(streetLights());
        long rows = (long) PARSE_PAGES * PAGE_SIZE;

        progress("a. timing parse + normalise + hash over %,d rows", rows);
        double combined = rowsPerSecond(rows, () -> parseAndNormalise(bodies, adapter, normaliser));
        table.row("a. parse + normalise + hash, 1 thread", perSecond(combined),
                ">= " + perSecond(PARSE_TARGET_ROWS_PER_SECOND), combined >= PARSE_TARGET_ROWS_PER_SECOND);

        // The split says which half to look at when the combined figure misses.
        double parseOnly = rowsPerSecond(rows, () -> parseOnly(bodies, adapter));
        List<PortalPage> parsed = bodies.stream().map(b -> adapter.parse(b, OPERATION)).toList();
        double normaliseOnly = rowsPerSecond(rows, () -> normaliseOnly(parsed, normaliser));
        table.info("   split: parse only (JSON -> rows)", perSecond(parseOnly));
        table.info("   split: normalise + hash only", perSecond(normaliseOnly));
    }

    private static void parseAndNormalise(List<String> bodies, ResponseAdapter adapter, Normaliser normaliser) {
        for (String body : bodies) {
            for (Map<String, String> row : adapter.parse(body, OPERATION).rows()) {
                sink += normaliser.normalise(row).record().keyHash();
            }
        }
    }

    private static void parseOnly(List<String> bodies, ResponseAdapter adapter) {
        for (String body : bodies) {
            sink += adapter.parse(body, OPERATION).rows().size();
        }
    }

    private static void normaliseOnly(List<PortalPage> pages, Normaliser normaliser) {
        for (PortalPage page : pages) {
            for (Map<String, String> row : page.rows()) {
                sink += normaliser.normalise(row).record().keyHash();
            }
        }
    }

    /**
     * The median rate of a few timed rounds after a few untimed ones. Each variant warms up on its own: its
     * loop is a new call site that the JIT must profile and compile before timing means anything, and the
     * median keeps one round's GC pause from deciding the figure.
     */
    private static double rowsPerSecond(long rows, Runnable round) {
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            round.run();
        }
        double[] rates = new double[TIMED_ROUNDS];
        for (int i = 0; i < TIMED_ROUNDS; i++) {
            long started = System.nanoTime();
            round.run();
            rates[i] = rows / seconds(System.nanoTime() - started);
        }
        Arrays.sort(rates);
        return rates[TIMED_ROUNDS / 2];
    }

    // ---------------------------------------------------------------- b. + c. full and unchanged refresh

    private static void measureRefreshes(Table table) {
        try (SyntheticPortal portal = SyntheticPortal.start(REFRESH_ROWS)) {
            WriteCounter writes = new WriteCounter();
            DynamoDbClient dynamo = LocalDynamoDb.client(writes);
            String recordsTable = LocalDynamoDb.createRecordsTable(dynamo);
            SourceFetcher fetcher = fetcher(portal.baseUrl(), dynamo, recordsTable);

            progress("b. full refresh of %,d rows", REFRESH_ROWS);
            PullFigures full = PullFigures.measure(fetcher, writes, portal, "bench-full");
            progress("b. unchanged refresh of the same %,d rows", REFRESH_ROWS);
            PullFigures unchanged = PullFigures.measure(fetcher, writes, portal, "bench-unchanged");

            reportRefresh(table, "b. full refresh", full, REFRESH_ROWS);
            reportRefresh(table, "b. unchanged refresh", unchanged, 0);
            reportApiCalls(table, "c. API calls, full refresh", full, REFRESH_ROWS);
            reportApiCalls(table, "c. API calls, unchanged refresh", unchanged, REFRESH_ROWS);
        }
    }

    private static void reportRefresh(Table table, String label, PullFigures pull, long expectedRecordWrites) {
        SourceResult r = pull.result();
        table.info(label + ": wall time", String.format(Locale.ROOT, "%.1f s (%d invocations, %s)",
                pull.millis() / 1000.0, pull.invocations(), perSecond(REFRESH_ROWS * 1000.0 / pull.millis())));
        table.row(label + ": record writes", count(pull.recordWrites()),
                expectedRecordWrites == 0 ? "0" : count(expectedRecordWrites) + " (one per new row)",
                pull.recordWrites() == expectedRecordWrites);
        table.info(label + ": bookkeeping writes", count(pull.bookkeepingWrites()));
        table.info(label + ": outcome", String.format(Locale.ROOT, "%s, %s created, %s updated, %s unchanged,"
                + " %s removed", r.status(), count(r.created()), count(r.updated()), count(r.unchanged()),
                count(r.removed())));
    }

    private static void reportApiCalls(Table table, String label, PullFigures pull, long rows) {
        long floor = (rows + PAGE_SIZE - 1) / PAGE_SIZE;
        String measured = count(pull.result().apiCalls());
        if (pull.portalRequests() != pull.result().apiCalls()) {
            measured += " (portal saw " + count(pull.portalRequests()) + ")";
        }
        table.row(label, measured, "floor " + count(floor), pull.result().apiCalls() <= floor);
    }

    /** One pull driven to completion, and what it cost. */
    record PullFigures(SourceResult result, int invocations, long millis, long recordWrites, long bookkeepingWrites,
                       long portalRequests) {

        static PullFigures measure(SourceFetcher fetcher, WriteCounter writes, SyntheticPortal portal, String runId) {
            writes.reset();
            long requestsBefore = portal.requests();
            long started = System.nanoTime();
            Completed done = runToCompletion(fetcher, runId);
            long millis = (System.nanoTime() - started) / 1_000_000;
            return new PullFigures(done.result(), done.invocations(), millis, writes.recordWrites(),
                    writes.bookkeepingWrites(), portal.requests() - requestsBefore);
        }
    }

    // ---------------------------------------------------------------- d. peak heap, in a child JVM

    /**
     * Runs the 500,000-row pull in a child JVM with {@code -Xmx256m}, so the limit is the real one and
     * part a's page bodies cannot inflate the figure. The portal stays in this JVM: in production it is a
     * remote server, and generating its pages must not count against the fetcher's heap.
     */
    private static void measureHeap(Table table) throws IOException, InterruptedException {
        try (SyntheticPortal portal = SyntheticPortal.start(HEAP_ROWS)) {
            progress("d. %,d-row pull in a child JVM with -Xmx%dm", HEAP_ROWS, HEAP_LIMIT_MB);
            // The child's stdout goes to a file, so a hung child is caught by the timeout, not a blocked read.
            Path output = Files.createTempFile("fetcher-benchmark-heap", ".txt");
            try {
                long started = System.nanoTime();
                Process child = new ProcessBuilder(childCommand(portal.baseUrl()))
                        .redirectOutput(output.toFile())
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
                boolean exited = child.waitFor(CHILD_TIMEOUT_MINUTES, TimeUnit.MINUTES);
                if (!exited) {
                    child.destroyForcibly().waitFor();
                }
                long wallMillis = (System.nanoTime() - started) / 1_000_000;
                reportHeap(table, childResult(Files.readAllLines(output)), exited ? child.exitValue() : -1,
                        wallMillis);
            } finally {
                Files.deleteIfExists(output);
            }
        }
    }

    private static List<String> childCommand(String portalBaseUrl) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP_LIMIT_MB + "m",
                // Fail fast and visibly instead of thrashing near the limit.
                "-XX:+ExitOnOutOfMemoryError",
                "-Dproject.root=" + LocalDynamoDb.projectRoot(),
                "-cp", System.getProperty("java.class.path"),
                FetcherBenchmark.class.getName(), HEAP_CHILD, portalBaseUrl);
    }

    /** The child's result line as name=value pairs; its other output is passed on to stderr. */
    private static Map<String, String> childResult(List<String> lines) {
        Map<String, String> result = new HashMap<>();
        for (String line : lines) {
            if (line.startsWith(HEAP_RESULT + " ")) {
                for (String pair : line.substring(HEAP_RESULT.length() + 1).split(" ")) {
                    String[] nameValue = pair.split("=", 2);
                    result.put(nameValue[0], nameValue[1]);
                }
            } else {
                System.err.println("   child: " + line);
            }
        }
        return result;
    }

    private static void reportHeap(Table table, Map<String, String> result, int exitCode, long wallMillis) {
        boolean completed = exitCode == 0 && Integer.toString(HEAP_ROWS).equals(result.get("created"));
        String limit = "< " + HEAP_LIMIT_MB + " MB";
        if (result.containsKey("peakUsedBytes")) {
            long peak = Long.parseLong(result.get("peakUsedBytes"));
            table.row("d. 500k-row pull: peak used heap (pool peaks)", megabytes(peak), limit,
                    completed && peak < HEAP_LIMIT_MB * 1024L * 1024L);
            table.info("   heap used right after a GC (max)", megabytes(Long.parseLong(result.get("maxAfterGcBytes"))));
            table.info("   collector / pull time / API calls", result.get("gc").replace('_', ' ') + " / "
                    + String.format(Locale.ROOT, "%.1f s", Long.parseLong(result.get("pullMillis")) / 1000.0)
                    + " / " + result.get("apiCalls"));
        } else {
            table.row("d. 500k-row pull: peak used heap (pool peaks)", "no result", limit, false);
        }
        table.row("d. 500k-row pull completed", (completed ? "yes" : "NO") + " (exit " + exitCode + ", "
                + String.format(Locale.ROOT, "%.1f s", wallMillis / 1000.0) + " with JVM start)", "yes", completed);
    }

    /**
     * The child's side of part d. Peak heap is measured as the sum of the heap memory pools' peak usage,
     * with the peaks reset as soon as the JVM reaches main. Pools peak at different moments, so the sum is
     * an upper bound of the true simultaneous peak; it includes garbage not yet collected. The largest heap
     * occupancy right after a collection is reported beside it: closer to the live data, though after a
     * young collection it still holds old-generation garbage.
     */
    static final class HeapChild {

        private HeapChild() {
        }

        static void run(String portalBaseUrl) {
            List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).toList();
            heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
            AtomicLong maxAfterGc = watchHeapAfterGc(heapPools.stream().map(MemoryPoolMXBean::getName).toList());

            DynamoDbClient dynamo = LocalDynamoDb.client();
            String table = LocalDynamoDb.createRecordsTable(dynamo);
            long started = System.nanoTime();
            Completed done = runToCompletion(fetcher(portalBaseUrl, dynamo, table), "bench-heap");
            long pullMillis = (System.nanoTime() - started) / 1_000_000;

            long peak = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            String gc = ManagementFactory.getGarbageCollectorMXBeans().getFirst().getName().replace(' ', '_');
            System.out.println(HEAP_RESULT + " peakUsedBytes=" + peak + " maxAfterGcBytes=" + maxAfterGc.get()
                    + " created=" + done.result().created() + " apiCalls=" + done.result().apiCalls()
                    + " pullMillis=" + pullMillis + " gc=" + gc);
            System.out.flush();
            System.exit(0);
        }

        /**
         * Tracks the largest heap occupancy seen right after a garbage collection (any kind). A GC reports
         * every memory pool, so only the heap pools are summed: Metaspace and code cache are not heap.
         */
        private static AtomicLong watchHeapAfterGc(List<String> heapPoolNames) {
            AtomicLong max = new AtomicLong();
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        GarbageCollectionNotificationInfo info =
                                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                        Map<String, MemoryUsage> afterGc = info.getGcInfo().getMemoryUsageAfterGc();
                        long used = heapPoolNames.stream().map(afterGc::get).filter(Objects::nonNull)
                                .mapToLong(MemoryUsage::getUsed).sum();
                        max.accumulateAndGet(used, Math::max);
                    }
                }, null, null);
            }
            return max;
        }
    }

    // ---------------------------------------------------------------- wiring the real fetcher

    /**
     * The fetcher wired the way {@code FetcherHarness.fetcher()} wires it, but to any portal base URL (the
     * harness takes a WireMock server, which would sit between the fetcher and the synthetic pages).
     */
    static SourceFetcher fetcher(String portalBaseUrl, DynamoDbClient dynamo, String table) {
        Map<String, String> env = Map.of(
                "RECORDS_TABLE", table,
                "PORTAL_BASE_URL", portalBaseUrl,
                "PAGE_RETRY_BASE_MILLIS", "0",
                "SOURCE_PAGE_SIZE_STREET_LIGHTS", Integer.toString(PAGE_SIZE),
                "FETCH_MAX_PAGES_PER_INVOCATION", Integer.toString(PAGES_PER_INVOCATION));
        FetcherConfig config = FetcherConfig.fromEnvironment(env);
        return new SourceFetcher(Catalogue.load(), config, ServiceKeys.fromEnvironment(env),
                new PortalClient(Duration.ofSeconds(2), config.readTimeout(), new Redactor()),
                new RecordStore(dynamo, table), new RunBookkeeping(dynamo, table), millis -> { }, null);
    }

    record Completed(SourceResult result, int invocations) {
    }

    /** Invokes again with the returned cursor until the pull is done, as the workflow does. */
    static Completed runToCompletion(SourceFetcher fetcher, String runId) {
        Cursor cursor = null;
        for (int invocation = 1; invocation <= 10_000; invocation++) {
            SourceResult result = fetcher.fetch(new FetchRequest("benchmark", SOURCE, runId, "full", cursor),
                    () -> 900_000L);
            if (result.cursor() == null) {
                return new Completed(result, invocation);
            }
            cursor = result.cursor();
        }
        throw new IllegalStateException("the pull never finished");
    }

    private static SourceDefinition streetLights() {
        return Catalogue.load().source(SOURCE).orElseThrow();
    }

    // ---------------------------------------------------------------- the synthetic portal

    /**
     * A family-A portal serving {@code rows} street lights, each page generated on request from pageNo and
     * numOfRows: no data set is held in memory, and the same page always has the same bytes (so a second
     * pull sees unchanged data).
     */
    static final class SyntheticPortal implements AutoCloseable {

        private static final String[][] DISTRICTS = {
                {"서울특별시", "종로구", "대학로", "혜화동", "02", "3000000"},
                {"서울특별시", "마포구", "양화로", "연남동", "02", "3130000"},
                {"부산광역시", "해운대구", "송정광어골로", "송정동", "051", "3330000"},
                {"대구광역시", "수성구", "동대구로", "범어동", "053", "3460000"},
                {"인천광역시", "연수구", "능허대로", "청학동", "032", "3510000"}};
        private static final String[] TYPES = {"벽부형", "한전주", "단독주", "통신주"};
        private static final String[] DEPARTMENTS = {"도로과", "안전총괄과", "건설과"};

        private final HttpServer server;
        private final int rows;
        private final AtomicLong requests = new AtomicLong();

        private SyntheticPortal(int rows) throws IOException {
            this.rows = rows;
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext(PATH, this::answer);
        }

        static SyntheticPortal start(int rows) {
            try {
                SyntheticPortal portal = new SyntheticPortal(rows);
                portal.server.start();
                return portal;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the synthetic portal", e);
            }
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        long requests() {
            return requests.get();
        }

        @Override
        public void close() {
            server.stop(0);
        }

        private void answer(HttpExchange exchange) throws IOException {
            requests.incrementAndGet();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            int pageNo = Integer.parseInt(query.getOrDefault("pageNo", "1"));
            int numOfRows = Integer.parseInt(query.getOrDefault("numOfRows", "10"));
            byte[] body = pageBody(pageNo, numOfRows, rows).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }

        private static Map<String, String> query(String raw) {
            Map<String, String> params = new HashMap<>();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    String[] nameValue = pair.split("=", 2);
                    params.put(nameValue[0], nameValue.length > 1 ? nameValue[1] : "");
                }
            }
            return params;
        }

        /** One page as the real API sends it: header, items as a bare array, counts as strings. */
        static String pageBody(int pageNo, int numOfRows, int total) {
            int from = Math.min(total, (pageNo - 1) * numOfRows);
            int to = Math.min(total, from + numOfRows);
            StringBuilder json = new StringBuilder(420 * (to - from) + 256);
            json.append("{\"response\":{\"header\":{\"resultCode\":\"00\",\"resultMsg\":\"NORMAL_SERVICE\",")
                    .append("\"type\":\"json\"},\"body\":{\"items\":[");
            for (int i = from; i < to; i++) {
                if (i > from) {
                    json.append(',');
                }
                appendRow(json, i);
            }
            json.append("],\"totalCount\":\"").append(total).append("\",\"numOfRows\":\"").append(numOfRows)
                    .append("\",\"pageNo\":\"").append(pageNo).append("\"}}}");
            return json.toString();
        }

        /** Row i: name, addresses, code and point all derived from i, so every row is a distinct lamp. */
        private static void appendRow(StringBuilder json, int i) {
            String[] d = DISTRICTS[i % DISTRICTS.length];
            String city = d[0];
            String gu = d[1];
            json.append('{');
            field(json, "lmpLcNm", zeroPadded(i, 7) + "-" + d[2] + (1 + i % 400)).append(',');
            field(json, "installationCo", Integer.toString(1 + i % 3)).append(',');
            field(json, "rdnmadr", city + " " + gu + " " + d[2] + " " + (1 + i % 400) + "번길 " + (i / 400))
                    .append(',');
            field(json, "lnmadr", city + " " + gu + " " + d[3] + " " + (i / 1000) + "-" + (i % 1000)).append(',');
            // Latitude 34.0-38.0 and longitude 126.0-127.3: inside Korea, and a different point per row.
            field(json, "latitude", fixed7(340_000_000L + (i % 40_000) * 1_000L + i % 997)).append(',');
            field(json, "longitude", fixed7(1_260_000_000L + (i / 40_000) * 100_000L + (i % 977) * 100L))
                    .append(',');
            field(json, "installationYear", Integer.toString(2005 + i % 20)).append(',');
            field(json, "installationType", TYPES[i % TYPES.length]).append(',');
            field(json, "phoneNumber", d[4] + "-" + (2100 + i % 900) + "-" + (1000 + i % 9000)).append(',');
            field(json, "institutionNm", city + " " + gu + "청 " + DEPARTMENTS[i % DEPARTMENTS.length])
                    .append(',');
            field(json, "referenceDate", "2026-" + zeroPadded(1 + i % 6, 2) + "-" + zeroPadded(1 + i % 28, 2))
                    .append(',');
            field(json, "insttCode", Long.toString(Long.parseLong(d[5]) * 1000 + i)).append(',');
            field(json, "insttNm", city + " " + gu);
            json.append('}');
        }

        /** Values here never hold quotes or backslashes, so no escaping is needed. */
        private static StringBuilder field(StringBuilder json, String name, String value) {
            return json.append('"').append(name).append("\":\"").append(value).append('"');
        }

        /** A coordinate in units of 1e-7 degree, written with seven decimals as the portal does. */
        private static String fixed7(long units) {
            return units / 10_000_000L + "." + zeroPadded(units % 10_000_000L, 7);
        }

        /** String.format would do, but it would make the portal, which shares the CPUs, a noticeable cost. */
        private static String zeroPadded(long value, int width) {
            String digits = Long.toString(value);
            return "0".repeat(Math.max(0, width - digits.length())) + digits;
        }
    }

    // ---------------------------------------------------------------- output

    /** Measured figures beside their targets; rows without a target are context for the ones with one. */
    static final class Table {

        private record Row(String measure, String measured, String target, String verdict) {
        }

        private final List<Row> rows = new ArrayList<>();

        void row(String measure, String measured, String target, boolean met) {
            rows.add(new Row(measure, measured, target, met ? "MET" : "MISSED"));
        }

        void info(String measure, String measured) {
            rows.add(new Row(measure, measured, "", ""));
        }

        void print() {
            int[] widths = {"Measure".length(), "Measured".length(), "Target".length()};
            for (Row r : rows) {
                widths[0] = Math.max(widths[0], r.measure().length());
                widths[1] = Math.max(widths[1], r.measured().length());
                widths[2] = Math.max(widths[2], r.target().length());
            }
            String format = "%-" + widths[0] + "s | %-" + widths[1] + "s | %-" + widths[2] + "s | %s%n";
            System.out.println();
            System.out.printf(Locale.ROOT, format, "Measure", "Measured", "Target", "Verdict");
            System.out.println("-".repeat(widths[0] + widths[1] + widths[2] + 16));
            for (Row r : rows) {
                System.out.printf(Locale.ROOT, format, r.measure(), r.measured(), r.target(), r.verdict());
            }
        }
    }

    private static void progress(String format, Object... args) {
        long elapsed = (System.nanoTime() - STARTED) / 1_000_000_000L;
        System.err.printf(Locale.ROOT, "[bench +%3ds] %s%n", elapsed, String.format(Locale.ROOT, format, args));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String perSecond(double rate) {
        return String.format(Locale.ROOT, "%,.0f rows/s", rate);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
