package kr.publicdata.scheduler.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kr.publicdata.scheduler.catalogue.Family;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A sample dataset in one family's real response format (the files under events/portal), rendered page by
 * page in that same format with the page's pageNo, numOfRows and totalCount. The sample portal and the tests
 * serve it.
 */
public final class SampleDataset {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Family family;
    private final String operation;
    private final List<ObjectNode> items;

    public SampleDataset(Family family, String operation, List<ObjectNode> items) {
        this.family = family;
        this.operation = operation;
        this.items = List.copyOf(items);
    }

    /** Loads {@code /events/portal/{file}.json} from the classpath; {@code operation} names the KoTSA array. */
    public static SampleDataset load(String file, Family family, String operation) {
        String resource = "/events/portal/" + file + ".json";
        try (InputStream in = SampleDataset.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + resource + " on the classpath");
            }
            return read(in, family, operation);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads {@code {directory}/{file}.json} (the local runner passes the repository's events/portal). */
    public static SampleDataset load(Path directory, String file, Family family, String operation) {
        Path path = directory.resolve(file + ".json");
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no sample " + path);
        }
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, family, operation);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static SampleDataset read(InputStream in, Family family, String operation) throws IOException {
        JsonNode root = JSON.readTree(in);
        JsonNode array = switch (family) {
            case A -> root.path("response").path("body").path("items");
            case B -> root.path("response").path("body").path("items").path("item");
            case C -> root.path("body");
            case KECO -> root.path("items").path("item");
            case KOTSA -> root.path(operation);
            case GEOJSON -> root.path("features");
        };
        List<ObjectNode> rows = new ArrayList<>();
        array.forEach(node -> rows.add((ObjectNode) node));
        return new SampleDataset(family, operation, rows);
    }

    public List<ObjectNode> items() {
        return items.stream().map(ObjectNode::deepCopy).toList();
    }

    public SampleDataset withItems(List<ObjectNode> newItems) {
        return new SampleDataset(family, operation, newItems);
    }

    public int size() {
        return items.size();
    }

    public Family family() {
        return family;
    }

    /** The body the portal would send for this page. */
    public String page(int pageNo, int pageSize) {
        long offset = (long) (pageNo - 1) * pageSize;
        return render((int) Math.clamp(offset, 0, Integer.MAX_VALUE), pageNo, pageSize);
    }

    /** The body for {@code pageSize} rows from a 0-based offset, for APIs paged by offset (GeoJSON startIndex). */
    public String pageAt(int offset, int pageSize) {
        return render(Math.max(0, offset), offset / Math.max(1, pageSize) + 1, pageSize);
    }

    private String render(int offset, int pageNo, int pageSize) {
        int from = Math.min(items.size(), offset);
        int to = from + Math.min(items.size() - from, Math.max(0, pageSize));
        ArrayNode slice = NODES.arrayNode();
        items.subList(from, to).forEach(slice::add);
        ObjectNode root = NODES.objectNode();
        int total = items.size();
        switch (family) {
            case A -> {
                ObjectNode response = root.putObject("response");
                response.putObject("header").put("resultCode", "00").put("resultMsg", "NORMAL_SERVICE").put("type", "json");
                ObjectNode body = response.putObject("body");
                body.set("items", slice);
                body.put("totalCount", Integer.toString(total)).put("numOfRows", Integer.toString(pageSize))
                        .put("pageNo", Integer.toString(pageNo));
            }
            case B -> {
                ObjectNode response = root.putObject("response");
                ObjectNode body = response.putObject("body");
                body.put("dataType", "JSON");
                body.putObject("items").set("item", slice);
                body.put("numOfRows", pageSize).put("pageNo", pageNo).put("totalCount", total);
                response.putObject("header").put("resultCode", "0").put("resultMsg", "정상");
            }
            case C -> {
                root.putObject("header").put("resultMsg", "NORMAL SERVICE").put("resultCode", "00").putNull("errorMsg");
                root.put("numOfRows", pageSize).put("pageNo", pageNo).put("totalCount", total);
                root.set("body", slice);
            }
            case KECO -> {
                root.put("resultCode", "00").put("resultMsg", "NORMAL SERVICE.").put("totalCount", total)
                        .put("pageNo", pageNo).put("numOfRows", pageSize);
                root.putObject("items").set("item", slice);
            }
            case KOTSA -> {
                root.put("resultCode", "0").put("resultMsg", "정상").put("totalCount", total)
                        .put("pageNo", pageNo).put("numOfRows", pageSize);
                if (!slice.isEmpty()) {
                    root.set(operation, slice);
                }
            }
            case GEOJSON -> {
                root.put("type", "FeatureCollection").put("totalFeatures", total).put("numberMatched", total)
                        .put("numberReturned", slice.size());
                root.set("features", slice);
            }
        }
        return root.toString();
    }
}
