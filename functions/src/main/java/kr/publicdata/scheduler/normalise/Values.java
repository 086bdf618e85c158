package kr.publicdata.scheduler.normalise;

/** Tolerant reading of the text values portals send. */
public final class Values {

    private Values() {
    }

    /** Empty, blank, null or the string "null" (any case). */
    public static boolean isAbsent(String value) {
        if (value == null) {
            return true;
        }
        String v = value.strip();
        return v.isEmpty() || v.equalsIgnoreCase("null") || v.equals("-");
    }

    /** A number from text such as " 37.5 ", "1,234" or "127.0E0"; null when absent or unparseable. */
    public static Double number(String value) {
        if (isAbsent(value)) {
            return null;
        }
        String v = value.strip();
        if (v.indexOf(',') >= 0) {
            v = v.replace(",", "");
        }
        try {
            double d = Double.parseDouble(v);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The stripped text, or null when absent. */
    public static String text(String value) {
        return isAbsent(value) ? null : value.strip();
    }
}
