package kr.publicdata.scheduler.normalise;

import kr.publicdata.scheduler.testing.FetcherHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The data-quality rules of docs/public-data-sources.md, one by one. */
class NormaliserTest {

    @ParameterizedTest(name = "lat={0} lon={1} -> {2}")
    @CsvSource(nullValues = "NIL", value = {
            "37.5814361, 126.9645941, OK",
            "126.9645941, 37.5814361, SWAPPED",
            "NIL, NIL, MISSING",
            "'', '', MISSING",
            "null, null, MISSING",
            "0, 0, MISSING",
            "0.0, 0.000, MISSING",
            "51.5, -0.12, INVALID",
            "37.5a, 126.9, INVALID",
            "37.5, NIL, INVALID",
            "' 37.5 ', ' 127.0 ', OK"})
    void point_classifiesCoordinatesAsThePortalsSendThem(String lat, String lon, LocationStatus expected) {
        Point point = Point.of(lat, lon);

        assertThat(point.status()).isEqualTo(expected);
        if (expected == LocationStatus.OK || expected == LocationStatus.SWAPPED) {
            assertThat(point.latitude()).isBetween(33.0, 39.0);
            assertThat(point.longitude()).isBetween(124.0, 132.0);
        } else {
            assertThat(point.latitude()).isNull();
            assertThat(point.longitude()).isNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "2026-05-27 22:58:19, 2026-05-27T22:58:19+09:00",
            "2026/05/27 22:58:19, 2026-05-27T22:58:19+09:00",
            "20260527225819, 2026-05-27T22:58:19+09:00",
            "2026-05-27T22:58:19, 2026-05-27T22:58:19+09:00",
            "20260527, 2026-05-27T00:00:00+09:00",
            "2026-5-7, 2026-05-07T00:00:00+09:00"})
    void dateTime_readsEveryPortalFormatAsKst(String text, String expected) {
        assertThat(KstDates.dateTime(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(nullValues = "NIL", value = {"2026-06-30, 2026-06-30", "20260630, 2026-06-30",
            "2026/06/30 10:00:00, 2026-06-30", "2099-01-01, 2099-01-01", "'', NIL", "null, NIL",
            "2026-13-40, NIL", "soon, NIL"})
    void date_isTolerantAndNullWhenUnreadable(String text, String expected) {
        assertThat(KstDates.date(text)).isEqualTo(expected);
    }

    @Test
    void normalise_keepsRawBesideNormalisedAndFixesSwappedCoordinates() {
        Normaliser normaliser = new Normaliser(FetcherHarness.source("cctv"));
        Map<String, String> raw = cctvRow();
        raw.put("WGS84_LAT", "126.4923304");
        raw.put("WGS84_LOT", "35.44346619");

        NormalisedRecord record = normaliser.normalise(raw).record();

        assertThat(record.key()).isEqualTo("4781000|202647810000800409");
        assertThat(record.location()).isEqualTo(LocationStatus.SWAPPED);
        assertThat(record.latitude()).isEqualTo(35.44346619);
        assertThat(record.longitude()).isEqualTo(126.4923304);
        assertThat(record.updatedAt()).isEqualTo("2026-05-27T22:58:19+09:00");
        assertThat(record.referenceDate()).isEqualTo("2026-06-30");
        assertThat(record.raw()).containsEntry("WGS84_LAT", "126.4923304").containsEntry("CAM_CNTOM", "3");
    }

    @Test
    void normalise_hashChangesWithContentAndNotWithFieldOrder() {
        Normaliser normaliser = new Normaliser(FetcherHarness.source("cctv"));
        Map<String, String> changed = cctvRow();
        changed.put("CAM_CNTOM", "4");
        Map<String, String> reordered = new java.util.LinkedHashMap<>();
        new java.util.TreeMap<>(cctvRow()).descendingMap().forEach(reordered::put);

        String original = normaliser.normalise(cctvRow()).record().hash();

        assertThat(normaliser.normalise(reordered).record().hash()).isEqualTo(original);
        assertThat(normaliser.normalise(changed).record().hash()).isNotEqualTo(original);
    }

    @Test
    void normalise_rowWithoutItsNaturalKey_isDroppedWithAReason() {
        Map<String, String> raw = cctvRow();
        raw.put("MNG_NO", "");

        Normaliser.Outcome outcome = new Normaliser(FetcherHarness.source("cctv")).normalise(raw);

        assertThat(outcome.record()).isNull();
        assertThat(outcome.dropped()).isEqualTo(Normaliser.DropReason.NO_NATURAL_KEY);
    }

    @Test
    void normalise_evChargerMarkedDeleted_isDroppedBySourceRule() {
        Map<String, String> raw = new HashMap<>(Map.of("statId", "ME000001", "chgerId", "01", "delYn", "Y"));

        Normaliser.Outcome outcome = new Normaliser(FetcherHarness.source("ev-chargers")).normalise(raw);

        assertThat(outcome.dropped()).isEqualTo(Normaliser.DropReason.SOURCE_RULE);
    }

    @Test
    void normalise_steepSlopeDegreesMinutesSeconds_becomeDecimalStartAndEnd() {
        Map<String, String> raw = new HashMap<>(Map.of("급경사지관리번호", "S-1",
                "시점위도도", "37", "시점위도분", "33", "시점위도초", "52.8",
                "시점경도도", "126", "시점경도분", "58", "시점경도초", "40.1"));
        raw.putAll(Map.of("종점위도도", "37", "종점위도분", "34", "종점위도초", "0",
                "종점경도도", "126", "종점경도분", "59", "종점경도초", "0"));

        NormalisedRecord record = new Normaliser(FetcherHarness.source("steep-slopes")).normalise(raw).record();

        assertThat(record.latitude()).isCloseTo(37 + 33 / 60.0 + 52.8 / 3600, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(record.longitude()).isCloseTo(126 + 58 / 60.0 + 40.1 / 3600, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(record.endLatitude()).isCloseTo(37 + 34 / 60.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(record.location()).isEqualTo(LocationStatus.OK);
    }

    @Test
    void normalise_streetLightsWithoutAnIdentifier_getAStableHashedKey() {
        Normaliser normaliser = new Normaliser(FetcherHarness.source("street-lights"));
        Map<String, String> light = new HashMap<>(Map.of("insttCode", "3000000", "lmpLcNm", "01-옥인6길15",
                "rdnmadr", "서울특별시 종로구 옥인6길15", "latitude", "37.5814361", "longitude", "126.9645941"));
        Map<String, String> movedElevenMetres = new HashMap<>(light);
        movedElevenMetres.put("latitude", "37.5815361");

        String key = normaliser.normalise(light).record().key();

        assertThat(key).hasSize(22).isEqualTo(normaliser.normalise(new HashMap<>(light)).record().key());
        assertThat(normaliser.normalise(movedElevenMetres).record().key()).isNotEqualTo(key);
    }

    @Test
    void values_parseTolerantly() {
        assertThat(Values.number(" 1,234.5 ")).isEqualTo(1234.5);
        assertThat(Values.number("NaN")).isNull();
        assertThat(Values.isAbsent(" NULL ")).isTrue();
    }

    private static Map<String, String> cctvRow() {
        Map<String, String> row = new HashMap<>();
        row.put("CAM_CNTOM", "3");
        row.put("DAT_CRTR_YMD", "2026-06-30");
        row.put("DAT_UPDT_PNT", "2026-05-27 22:58:19");
        row.put("INSTL_PRPS_SE_NM", "생활방범");
        row.put("LCTN_ROAD_NM_ADDR", "전북특별자치도 고창군 상하면 하장리 952-2");
        row.put("MNG_INST_NM", "전북특별자치도 고창군");
        row.put("MNG_NO", "202647810000800409");
        row.put("OPN_ATMY_GRP_CD", "4781000");
        row.put("WGS84_LAT", "35.44346619");
        row.put("WGS84_LOT", "126.4923304");
        return row;
    }
}
