package kr.publicdata.scheduler.normalise;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Dates as the portals write them, all in Korean time: YYYY-MM-DD, YYYYMMDD, YYYYMMDDHHMMSS,
 * YYYY-MM-DD HH:MM:SS, YYYY/MM/DD HH:MM:SS, with or without zero padding. Unreadable text gives null
 * (the raw value is kept beside the normalised one).
 */
public final class KstDates {

    public static final ZoneId KST = ZoneId.of("Asia/Seoul");
    private static final ZoneOffset KST_OFFSET = ZoneOffset.ofHours(9);
    private static final DateTimeFormatter ISO_OFFSET = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final java.util.regex.Pattern NON_DIGITS = java.util.regex.Pattern.compile("[^0-9]+");

    private KstDates() {
    }

    /** ISO date ("2026-06-30"), or null. */
    public static String date(String text) {
        int[] parts = parts(text);
        if (parts == null) {
            return null;
        }
        try {
            return LocalDate.of(parts[0], parts[1], parts[2]).toString();
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** ISO date-time with the KST offset ("2026-05-27T22:58:19+09:00"), or null. A bare date is midnight. */
    public static String dateTime(String text) {
        LocalDateTime local = localDateTime(text);
        return local == null ? null : local.atOffset(KST_OFFSET).format(ISO_OFFSET);
    }

    public static LocalDateTime localDateTime(String text) {
        int[] parts = parts(text);
        if (parts == null) {
            return null;
        }
        try {
            return LocalDateTime.of(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** year, month, day, hour, minute, second; null when the text is not a date. */
    private static int[] parts(String text) {
        if (Values.isAbsent(text)) {
            return null;
        }
        String t = text.strip();
        int[] out = new int[6];
        boolean separated = false;
        for (int i = 0; i < t.length(); i++) {
            if (!Character.isDigit(t.charAt(i))) {
                separated = true;
                break;
            }
        }
        if (!separated) {
            return compact(t, out);
        }
        String[] pieces = NON_DIGITS.split(t);
        int n = 0;
        for (String piece : pieces) {
            if (piece.isEmpty()) {
                continue;
            }
            if (n == 6 || piece.length() > 4) {
                break;
            }
            out[n++] = Integer.parseInt(piece);
        }
        return n >= 3 && out[0] >= 1900 ? out : null;
    }

    private static int[] compact(String digits, int[] out) {
        int length = digits.length();
        if (length != 8 && length != 12 && length != 14) {
            return null;
        }
        out[0] = Integer.parseInt(digits.substring(0, 4));
        out[1] = Integer.parseInt(digits.substring(4, 6));
        out[2] = Integer.parseInt(digits.substring(6, 8));
        if (length >= 12) {
            out[3] = Integer.parseInt(digits.substring(8, 10));
            out[4] = Integer.parseInt(digits.substring(10, 12));
        }
        if (length == 14) {
            out[5] = Integer.parseInt(digits.substring(12, 14));
        }
        return out[0] >= 1900 ? out : null;
    }

    /** A KST timestamp in a portal's compact filter format, e.g. yyyyMMddHHmmss. */
    public static String format(LocalDateTime kst, String pattern) {
        return kst.format(DateTimeFormatter.ofPattern(pattern));
    }
}
