package kr.publicdata.scheduler.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import kr.publicdata.scheduler.catalogue.Catalogue;
import kr.publicdata.scheduler.catalogue.Family;
import kr.publicdata.scheduler.catalogue.SourceDefinition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A local stand-in for the open-data portals, not a fake of AWS: serves the bundled sample datasets
 * (events/portal) at each catalogue source's real request path, page by page in its family's real response
 * format, honouring the filters the real APIs have. The fetcher reaches it through {@code PORTAL_BASE_URL}.
 */
public final class SamplePortal implements AutoCloseable {

    /** What the data.go.kr APIs assume when numOfRows (or the WFS count) is not given. */
    private static final int DEFAULT_PAGE_SIZE = 10;

    private final Map<String, SampleDataset> datasetsByPath;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private SamplePortal(Map<String, SampleDataset> datasetsByPath, int port) throws IOException {
        this.datasetsByPath = Map.copyOf(datasetsByPath);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
    }

    /**
     * A portal for every source of the catalogue on 127.0.0.1:{@code port} (0 picks a free port), bound but not
     * yet started. A source's sample is {@code {directory}/{source id}.json}; a join endpoint's (KoTSA
     * PrkSttusInfo) is {@code {source id}-info.json}.
     */
    public static SamplePortal create(Catalogue catalogue, Path sampleDirectory, int port) {
        Map<String, SampleDataset> byPath = new LinkedHashMap<>();
        for (SourceDefinition source : catalogue.sources()) {
            byPath.put(path(source.endpoint()), SampleDataset.load(sampleDirectory, source.id(), source.family(),
                    operation(source.endpoint())));
            if (source.joinEndpoint() != null) {
                byPath.put(path(source.joinEndpoint()), SampleDataset.load(sampleDirectory, source.id() + "-info",
                        source.family(), operation(source.joinEndpoint())));
            }
        }
        try {
            return new SamplePortal(byPath, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the sample portal on 127.0.0.1:" + port, e);
        }
    }

    public SamplePortal start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The value for PORTAL_BASE_URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                answer(exchange);
            } catch (IllegalArgumentException e) {
                respond(exchange, 400, e.getMessage());
            } catch (RuntimeException e) {
                respond(exchange, 500, "the sample portal failed: " + e);
            }
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        SampleDataset dataset = datasetsByPath.get(path);
        if (!"GET".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, "only GET is served");
        } else if (dataset == null) {
            // The real gateways answer 404 for an unknown service; the fetcher classifies it as NoSuchService.
            respond(exchange, 404, "no sample dataset at " + path);
        } else {
            respondWithPage(exchange, dataset, query(exchange.getRequestURI().getRawQuery()));
        }
    }

    private static void respondWithPage(HttpExchange exchange, SampleDataset dataset, Map<String, String> query)
            throws IOException {
        Predicate<ObjectNode> filter = RowFilter.of(dataset.family(), query, dataset.items());
        SampleDataset selected = dataset.withItems(dataset.items().stream().filter(filter).toList());
        String body = dataset.family() == Family.GEOJSON
                ? selected.pageAt(number(query, "startIndex", 0, 0), number(query, "count", DEFAULT_PAGE_SIZE, 1))
                : selected.page(number(query, "pageNo", 1, 1), number(query, "numOfRows", DEFAULT_PAGE_SIZE, 1));
        send(exchange, 200, "application/json;charset=UTF-8", body);
    }

    private static void respond(HttpExchange exchange, int status, String message) throws IOException {
        send(exchange, status, "text/plain;charset=UTF-8", message);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** The query's parameters, percent-decoded; the first of repeated names wins. */
    static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            params.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }

    private static int number(Map<String, String> query, String name, int fallback, int minimum) {
        String value = query.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number < minimum) {
                throw new IllegalArgumentException(name + " must be at least " + minimum + ", not " + number);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not \"" + value + "\"");
        }
    }

    private static String path(String endpoint) {
        return URI.create(endpoint).getPath();
    }

    /** The endpoint's last path segment: KoTSA names its row array after it. */
    private static String operation(String endpoint) {
        String path = path(endpoint);
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
