package io.tileindex.cli.input;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WKT CRS recognition for .prj files, GeoPackage SRS definitions and FlatGeobuf headers. */
class WktCrsTest {
    static final String ESRI = "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],"
            + "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";
    static final String OGC = "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,"
            + "AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],"
            + "UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],"
            + "AUTHORITY[\"EPSG\",\"4326\"]]";
    static final String WKT2 = """
            GEOGCRS["WGS 84",
                ENSEMBLE["World Geodetic System 1984 ensemble",
                    MEMBER["World Geodetic System 1984 (Transit)"],
                    ELLIPSOID["WGS 84",6378137,298.257223563,LENGTHUNIT["metre",1]],
                    ENSEMBLEACCURACY[2.0]],
                PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],
                CS[ellipsoidal,2],
                    AXIS["geodetic latitude (Lat)",north,ORDER[1],ANGLEUNIT["degree",0.0174532925199433]],
                    AXIS["geodetic longitude (Lon)",east,ORDER[2],ANGLEUNIT["degree",0.0174532925199433]],
                ID["EPSG",4326]]""";

    @Test
    void wgs84InEveryDialect() {
        assertNull(WktCrs.problem(ESRI));
        assertNull(WktCrs.problem(OGC));
        assertNull(WktCrs.problem(WKT2));
        assertNull(WktCrs.problem(WKT2.replace("ID[\"EPSG\",4326]", "ID[\"EPSG\",4979]")), "WGS 84 datum, degrees");
        assertNull(WktCrs.problem(ESRI.replace('[', '(').replace(']', ')')), "WKT1 allows round brackets");
    }

    @Test
    void everythingElseSaysWhy() {
        assertTrue(WktCrs.problem("PROJCS[\"WGS 84 / UTM zone 33N\"," + OGC + ",PROJECTION[\"Transverse_Mercator\"],"
                + "UNIT[\"metre\",1]]").contains("projected"));
        assertTrue(WktCrs.problem(ESRI.replace("D_WGS_1984", "D_North_American_1983")).contains("not WGS 84"));
        assertTrue(WktCrs.problem(ESRI.replace("\"Greenwich\",0.0", "\"Paris\",2.33722917")).contains("prime meridian"));
        assertTrue(WktCrs.problem(ESRI.replace("0.0174532925199433", "0.015707963267949")).contains("angle unit"));
        assertTrue(WktCrs.problem("GEOCCS[\"WGS 84\",DATUM[\"WGS_1984\"]]").contains("not a geographic CRS"));
        assertNotNull(WktCrs.problem("GEOGCS[\"broken\""));
        assertNotNull(WktCrs.problem(""));
    }
}
