package kr.publicdata.scheduler.run;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between plain values (maps, lists, strings, numbers, booleans, null) and DynamoDB's typed
 * JSON: the form a Step Functions DynamoDB task takes as its Item, and the SDK's AttributeValue.
 */
public final class DynamoJson {

    private DynamoJson() {
    }

    /** Typed JSON ({"S": ...}, {"M": {...}}) of each attribute, for a Step Functions DynamoDB task. */
    public static Map<String, Object> item(Map<String, ?> attributes) {
        Map<String, Object> item = new LinkedHashMap<>();
        attributes.forEach((name, value) -> item.put(name, typed(value)));
        return item;
    }

    private static Object typed(Object value) {
        return switch (value) {
            case null -> Map.of("NULL", true);
            case String s -> Map.of("S", s);
            case Boolean b -> Map.of("BOOL", b);
            case Number n -> Map.of("N", n.toString());
            case Map<?, ?> m -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                m.forEach((k, v) -> fields.put(String.valueOf(k), typed(v)));
                yield Map.of("M", fields);
            }
            case List<?> l -> Map.of("L", l.stream().map(DynamoJson::typed).toList());
            default -> throw new IllegalArgumentException("cannot store a " + value.getClass().getSimpleName());
        };
    }

    /** The SDK form of a plain value. */
    public static AttributeValue attribute(Object value) {
        return switch (value) {
            case null -> AttributeValue.fromNul(true);
            case String s -> AttributeValue.fromS(s);
            case Boolean b -> AttributeValue.fromBool(b);
            case Number n -> AttributeValue.fromN(n.toString());
            case Map<?, ?> m -> {
                Map<String, AttributeValue> fields = new LinkedHashMap<>();
                m.forEach((k, v) -> fields.put(String.valueOf(k), attribute(v)));
                yield AttributeValue.fromM(fields);
            }
            case List<?> l -> AttributeValue.fromL(l.stream().map(DynamoJson::attribute).toList());
            default -> throw new IllegalArgumentException("cannot store a " + value.getClass().getSimpleName());
        };
    }

    public static Map<String, AttributeValue> attributes(Map<String, ?> values) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, attribute(v)));
        return out;
    }

    /** The plain value of an SDK attribute (numbers become Long when whole, else Double). */
    public static Object plain(AttributeValue value) {
        if (value == null || Boolean.TRUE.equals(value.nul())) {
            return null;
        }
        if (value.s() != null) {
            return value.s();
        }
        if (value.n() != null) {
            String n = value.n();
            return n.contains(".") || n.contains("e") || n.contains("E") ? (Object) Double.valueOf(n) : (Object) Long.valueOf(n);
        }
        if (value.bool() != null) {
            return value.bool();
        }
        if (value.hasM()) {
            return plain(value.m());
        }
        if (value.hasL()) {
            List<Object> list = new ArrayList<>();
            value.l().forEach(v -> list.add(plain(v)));
            return list;
        }
        return null;
    }

    public static Map<String, Object> plain(Map<String, AttributeValue> item) {
        Map<String, Object> out = new LinkedHashMap<>();
        item.forEach((k, v) -> out.put(k, plain(v)));
        return out;
    }
}
