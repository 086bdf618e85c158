package kr.publicdata.scheduler.testing;

import com.amazonaws.services.lambda.runtime.Context;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricResolution;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Powertools {@link Metrics} that keeps what {@link #flushMetrics} would have written as EMF: one
 * {@link Flush} per call, with its namespace, dimensions and metric values. Other calls are not used by the
 * handlers under test and fail loudly.
 */
public final class RecordingMetrics extends UnsupportedMetrics {

    /** One EMF document. */
    public record Flush(String namespace, Map<String, String> dimensions, Map<String, Double> values) {
    }

    private final List<Flush> flushes = new ArrayList<>();

    public List<Flush> flushes() {
        return List.copyOf(flushes);
    }

    @Override
    public void flushMetrics(Consumer<Metrics> block) {
        Document document = new Document();
        block.accept(document);
        flushes.add(new Flush(document.namespace, document.dimensions, document.values));
    }

    private static final class Document extends UnsupportedMetrics {
        private String namespace;
        private final Map<String, String> dimensions = new LinkedHashMap<>();
        private final Map<String, Double> values = new LinkedHashMap<>();

        @Override
        public void addMetric(String key, double value, MetricUnit unit, MetricResolution resolution) {
            values.put(key, value);
        }

        @Override
        public void setDefaultDimensions(DimensionSet dimensionSet) {
            dimensions.clear();
            dimensions.putAll(dimensionSet.getDimensions());
        }

        @Override
        public void setNamespace(String namespace) {
            this.namespace = namespace;
        }
    }
}

/** Everything a handler under test should not call. */
abstract class UnsupportedMetrics implements Metrics {
    @Override
    public void addMetric(String key, double value, MetricUnit unit, MetricResolution resolution) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void addDimension(DimensionSet dimensionSet) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setTimestamp(Instant timestamp) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void addMetadata(String key, Object value) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setDefaultDimensions(DimensionSet dimensionSet) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DimensionSet getDefaultDimensions() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setNamespace(String namespace) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setRaiseOnEmptyMetrics(boolean raiseOnEmptyMetrics) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void clearDefaultDimensions() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void flush() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void captureColdStartMetric(Context context, DimensionSet dimensions) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void captureColdStartMetric(DimensionSet dimensions) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void flushMetrics(Consumer<Metrics> block) {
        throw new UnsupportedOperationException();
    }
}
