package kr.publicdata.scheduler.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Large, deterministic street-light datasets (family A field names), for volume tests. */
public final class SyntheticRows {

    private SyntheticRows() {
    }

    public static List<ObjectNode> streetLights(int count) {
        List<ObjectNode> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(streetLight(i));
        }
        return rows;
    }

    public static ObjectNode streetLight(int i) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        String district = "서울특별시 구" + (i % 25);
        row.put("lmpLcNm", String.format(Locale.ROOT, "%02d-보안등%06d", i % 25, i));
        row.put("installationCo", "1");
        row.put("rdnmadr", district + " 테스트로 " + i);
        row.put("lnmadr", district + " 테스트동 " + i);
        row.put("latitude", String.format(Locale.ROOT, "%.7f", 35.0 + (i % 3000) * 0.001));
        row.put("longitude", String.format(Locale.ROOT, "%.7f", 127.0 + (i / 3000) * 0.001));
        row.put("installationYear", "");
        row.put("installationType", "한전주");
        row.put("phoneNumber", "02-2148-3193");
        row.put("institutionNm", district + " 도로과");
        row.put("referenceDate", "2026-08-23");
        row.put("insttCode", Integer.toString(3000000 + (i % 25) * 10000));
        row.put("insttNm", district);
        return row;
    }
}
