package io.tileindex.kernel;

/**
 * A coded failure. Carries what the S1_ERROR event names: the code, a human detail, and where known
 * the country, raster cell and input file.
 */
public final class TileIndexException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String countryIso;
    private final Long rasterRow;
    private final Long rasterCol;

    public TileIndexException(ErrorCode code, String detail) {
        this(code, detail, null, null, null, null);
    }

    public TileIndexException(ErrorCode code, String detail, Throwable cause) {
        this(code, detail, null, null, null, cause);
    }

    public TileIndexException(ErrorCode code, String detail, String countryIso, Long rasterRow, Long rasterCol, Throwable cause) {
        super(code + ": " + detail, cause);
        this.code = code;
        this.countryIso = countryIso;
        this.rasterRow = rasterRow;
        this.rasterCol = rasterCol;
    }

    public static TileIndexException forCountry(ErrorCode code, String iso, String detail) {
        return new TileIndexException(code, detail, iso, null, null, null);
    }

    public static TileIndexException forCell(ErrorCode code, String iso, long row, long col, String detail) {
        return new TileIndexException(code, detail, iso, row, col, null);
    }

    public ErrorCode code() { return code; }
    public String countryIso() { return countryIso; }
    public Long rasterRow() { return rasterRow; }
    public Long rasterCol() { return rasterCol; }

    /** The message without the code prefix. */
    public String detail() {
        String m = getMessage();
        return m.substring(code.name().length() + 2);
    }
}
