package io.tileindex.cli;

import io.tileindex.kernel.TileIndexException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** SPEC §6 failure event: one JSON line on stderr (and in the reports folder when one exists). */
public final class ErrorEvent {
    private ErrorEvent() {}

    public static String of(TileIndexException e, String parameterHash) {
        Map<String, Object> m = Json.obj();
        m.put("event", "S1_ERROR");
        m.put("code", e.code().name());
        m.put("at", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        m.put("parameter_hash", parameterHash);
        if (e.countryIso() != null) {
            m.put("country_iso", e.countryIso());
        }
        if (e.rasterRow() != null) {
            m.put("raster_row", e.rasterRow());
        }
        if (e.rasterCol() != null) {
            m.put("raster_col", e.rasterCol());
        }
        m.put("detail", e.detail());
        return Json.compact(m);
    }
}
