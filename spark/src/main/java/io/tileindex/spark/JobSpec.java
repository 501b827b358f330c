package io.tileindex.spark;

import io.tileindex.kernel.geom.CountryShape;
import io.tileindex.kernel.grid.Grid;
import io.tileindex.kernel.scan.Predicate;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What every file task needs, broadcast once to the executors.
 *
 * @param geoTransform  the grid's GDAL geotransform ({@link Grid#geoTransform()})
 * @param fileMetadata  the build's footer metadata (parameter hash, predicate)
 * @param stagingUri    the run's staging directory on the target file system
 * @param countries     the encoded geometry ({@link CountryCodec}) of every country that has files, by ISO code
 * @param failFirstAttemptOf a file name whose first attempt fails mid-write (the retry test), or null
 * @param coverageFraction whether tile_index has coverage_fraction
 */
record JobSpec(int nrows, int ncols, double[] geoTransform, Predicate predicate, Map<String, String> fileMetadata,
               String stagingUri, Map<String, byte[]> countries, String failFirstAttemptOf, boolean coverageFraction)
        implements Serializable {

    static JobSpec of(Grid grid, Predicate predicate, Map<String, String> fileMetadata, String stagingUri,
                      List<CountryShape> countries, String failFirstAttemptOf, boolean coverageFraction) {
        Map<String, byte[]> encoded = new TreeMap<>();
        countries.forEach(c -> encoded.put(c.iso(), CountryCodec.encode(c)));
        return new JobSpec(grid.nrows(), grid.ncols(), grid.geoTransform(), predicate, new TreeMap<>(fileMetadata), stagingUri,
                encoded, failFirstAttemptOf, coverageFraction);
    }

    Grid grid() { return Grid.of(nrows, ncols, geoTransform); }

    CountryShape country(String iso) { return CountryCodec.decode(countries.get(iso)); }
}
