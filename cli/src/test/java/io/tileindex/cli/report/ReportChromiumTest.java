package io.tileindex.cli.report;

import io.tileindex.cli.BundledData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * report.html in a real headless Chromium, as a person would open it: from disk, offline. The page's
 * own script marks {@code <html data-report-status>} once every image decoded (read back with
 * {@code --dump-dom}) and writes to the console only on failure, so any {@code CONSOLE} line that
 * Chromium logs to stderr fails the test. Skipped, saying why, when no Chromium is installed
 * ({@code .ci/install-chromium.sh} installs it).
 */
class ReportChromiumTest {
    /** The flags these machines need: no sandbox (root in a container), no GPU, nothing phoning home. */
    static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--hide-scrollbars", "--enable-logging=stderr", "--v=0");
    static final Pattern CONSOLE = Pattern.compile(":CONSOLE[:(]");

    @TempDir
    static Path tmp;
    static Path chromium;
    static HtmlReportFixture run;

    @Test
    void pageAndImagesLoadWithoutConsoleErrorsAndTheScreenshotIsNotBlank() throws Exception {
        // assumed here, not in @BeforeAll, so the report counts a skip and shows why
        chromium = findChromium();
        assumeTrue(chromium != null, "Chromium not installed (looked for $TILEINDEX_CHROMIUM, chromium, chromium-browser, "
                + "google-chrome on PATH): skipping the browser test; install it with .ci/install-chromium.sh");
        run = HtmlReportFixture.build(tmp.resolve("out"));

        Browser dom = chromium(List.of("--virtual-time-budget=10000", "--dump-dom"), "dom");
        Matcher status = Pattern.compile("<html[^>]*data-report-status=\"([^\"]*)\"").matcher(dom.stdout());
        assertTrue(status.find(), "the page's script ran and marked its status; DOM starts: "
                + dom.stdout().substring(0, Math.min(300, dom.stdout().length())) + "\n" + dom.console());
        assertEquals("ok images=1", status.group(1), dom.console());
        assertEquals("", dom.console(), "console messages while loading the page");

        Path shot = screenshotPath();
        Browser s = chromium(List.of("--virtual-time-budget=10000", "--window-size=1400,2400",
                "--screenshot=" + shot), "shot");
        assertEquals("", s.console(), "console messages while rendering the screenshot");
        BufferedImage img = ImageIO.read(shot.toFile());
        assertTrue(img != null && img.getWidth() == 1400, "screenshot written: " + shot);
        Set<Integer> colours = new HashSet<>();
        long nonWhite = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                nonWhite += rgb == 0xffffff ? 0 : 1;
            }
        }
        long sampled = (long) ((img.getHeight() + 1) / 2) * ((img.getWidth() + 1) / 2);
        assertTrue(colours.size() > 200, "a rendered page has many colours, got " + colours.size() + ": " + shot);
        assertTrue(nonWhite > sampled / 4, "not blank: " + nonWhite + " of " + sampled + " sampled pixels non-white");
        // the map itself is on screen: each country's colour appears in the screenshot (scaled, so nearly)
        for (String iso : List.of("IT", "LS", "ZA")) {
            assertTrue(containsNear(colours, CountryColors.rgb(iso), 6), iso + "'s colour on screen");
        }
    }

    record Browser(int exit, String stdout, String console) {}

    /** Runs Chromium on the report with a fresh profile; returns stdout and the page's console lines. */
    static Browser chromium(List<String> extra, String tag) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(tmp, "profile-" + tag);
        List<String> cmd = new ArrayList<>();
        cmd.add(chromium.toString());
        cmd.addAll(FLAGS);
        cmd.add("--user-data-dir=" + profile);
        cmd.addAll(extra);
        cmd.add(run.html().toUri().toString());
        Path out = tmp.resolve(tag + ".out"), err = tmp.resolve(tag + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium finished within 2 minutes: " + cmd);
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
            p.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        StringBuilder console = new StringBuilder();
        for (String line : stderr.split("\n")) {
            if (CONSOLE.matcher(line).find()) {
                console.append(line).append('\n');
            }
        }
        assertEquals(0, p.exitValue(), "chromium exit code; stderr:\n" + stderr);
        return new Browser(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), console.toString());
    }

    /** Kept after the run for people to look at: cli/target/report-chromium/screenshot.png. */
    static Path screenshotPath() throws IOException {
        Path dir = BundledData.repoRoot().resolve("cli/target/report-chromium");
        Files.createDirectories(dir);
        return dir.resolve("screenshot.png");
    }

    static boolean containsNear(Set<Integer> colours, int rgb, int tol) {
        for (int c : colours) {
            if (Math.abs((c >> 16 & 0xff) - (rgb >> 16 & 0xff)) <= tol && Math.abs((c >> 8 & 0xff) - (rgb >> 8 & 0xff)) <= tol
                    && Math.abs((c & 0xff) - (rgb & 0xff)) <= tol) {
                return true;
            }
        }
        return false;
    }

    static Path findChromium() {
        List<String> names = new ArrayList<>();
        String env = System.getenv("TILEINDEX_CHROMIUM");
        if (env != null && !env.isBlank()) {
            names.add(env);
        }
        names.addAll(List.of("chromium", "chromium-browser", "google-chrome"));
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String name : names) {
            if (name.contains("/")) {
                if (Files.isExecutable(Path.of(name))) {
                    return Path.of(name);
                }
                continue;
            }
            try (Stream<Path> dirs = Stream.of(path.split(File.pathSeparator)).map(Path::of)) {
                Path hit = dirs.map(d -> d.resolve(name)).filter(Files::isExecutable).findFirst().orElse(null);
                if (hit != null) {
                    return hit;
                }
            }
        }
        return null;
    }
}
