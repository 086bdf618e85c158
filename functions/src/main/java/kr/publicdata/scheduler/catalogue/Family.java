package kr.publicdata.scheduler.catalogue;

/** The response families of the portals (see docs/public-data-sources.md); one adapter each. */
public enum Family {
    /** data.go.kr standard data (tn_pubr). */
    A,
    /** MOIS 1741000/x/info. */
    B,
    /** safetydata.go.kr V2. */
    C,
    /** KECO EV chargers. */
    KECO,
    /** KoTSA parking. */
    KOTSA,
    /** A WFS answering GeoJSON (assumed for flood traces). */
    GEOJSON
}
