package io.tileindex.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.tileindex.cli.CliRun;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One small real build (Italy with San Marino and the Vatican inside it, Lesotho inside South Africa: holes). */
record HtmlReportFixture(Path out, JsonNode summary, Path reports, Path html) {
    static final String ONLY = "IT,SM,LS,ZA";

    static HtmlReportFixture build(Path out) {
        CliRun r = CliRun.build(out, "--only", ONLY);
        assertEquals(0, r.exit(), r.stderr());
        JsonNode j = r.json();
        Path reports = Path.of(j.get("reports_partition").asText());
        Path html = reports.resolve(HtmlReport.FILE);
        assertEquals(true, Files.isRegularFile(html), "report.html beside run_report.json in " + reports);
        return new HtmlReportFixture(out, j, reports, html);
    }
}
