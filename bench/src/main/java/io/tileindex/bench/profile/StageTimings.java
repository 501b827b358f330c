package io.tileindex.bench.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.TreeMap;

/**
 * The per-stage timings of one profiled build, as one JSON object: what the build measured itself
 * (its run report's {@code pat} section: stage wall and CPU seconds, per-worker busy and idle time,
 * the timeline's span seconds per stage) beside what the profiler saw (samples per thread group and
 * per thread, the frames with the most self samples).
 */
public final class StageTimings {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StageTimings() {}

    /**
     * Builds the object.
     *
     * @param runReport the build's run_report.json, parsed; sections it lacks are left out, not invented
     * @param profiles  the recording's folded samples per sample event; events without samples are left out
     * @param topFrames how many of the frames with most self samples to list
     */
    public static ObjectNode of(JsonNode runReport, Map<String, JfrSamples.Samples> profiles, int topFrames) {
        ObjectNode out = JSON.createObjectNode();
        JsonNode pat = runReport.path("pat");
        ObjectNode build = out.putObject("build");
        copyIfPresent(runReport, "grid_dims", build);
        copyIfPresent(runReport, "rows_emitted", build);
        for (Map.Entry<String, JsonNode> e : pat.properties()) {
            if (e.getValue().isValueNode()) {
                build.set(e.getKey(), e.getValue());
            }
        }
        copyIfPresent(pat, "stage_seconds", out);
        copyIfPresent(pat, "worker_busy_seconds", out);
        copyIfPresent(pat, "worker_idle_seconds", out);
        ObjectNode spans = timelineSecondsByStage(runReport.path("timeline").path("spans"));
        if (!spans.isEmpty()) {
            out.set("timeline_span_seconds_by_stage", spans);
        }
        ObjectNode p = out.putObject("profiles");
        profiles.forEach((event, samples) -> {
            if (samples.tree().root().total() > 0) {
                p.set(event, profile(samples, topFrames));
            }
        });
        return out;
    }

    private static ObjectNode profile(JfrSamples.Samples samples, int topFrames) {
        ObjectNode p = JSON.createObjectNode();
        long total = samples.tree().root().total();
        p.put("samples_total", total);
        p.put("truncated_stacks", samples.truncatedStacks());
        p.put("lost_samples", samples.lostSamples());
        ObjectNode groups = p.putObject("samples_by_thread_group");
        samples.tree().totalsByRoot().forEach(groups::put);
        ObjectNode threads = p.putObject("samples_by_thread");
        new TreeMap<>(samples.byThread()).forEach(threads::put);
        ArrayNode top = p.putArray("top_self_frames");
        samples.tree().topSelf(topFrames).forEach((frame, n) -> top.addObject()
                .put("frame", frame).put("self_samples", n).put("share", round4((double) n / Math.max(1, total))));
        return p;
    }

    /**
     * Seconds per stage summed over the timeline's spans, when they have the run report's
     * {@code [worker, stage, key, start_s, end_s, ...]} form; empty otherwise (a timeline in another
     * form is left out rather than misread).
     */
    static ObjectNode timelineSecondsByStage(JsonNode spans) {
        Map<String, Double> sum = new TreeMap<>();
        for (JsonNode s : spans) {
            if (s.isArray() && s.size() >= 5 && s.get(1).isTextual() && s.get(3).isNumber() && s.get(4).isNumber()) {
                sum.merge(s.get(1).asText(), s.get(4).asDouble() - s.get(3).asDouble(), Double::sum);
            }
        }
        ObjectNode out = JSON.createObjectNode();
        sum.forEach((k, v) -> out.put(k, Math.round(v * 1000) / 1000.0));
        return out;
    }

    private static void copyIfPresent(JsonNode from, String field, ObjectNode to) {
        if (from.has(field)) {
            to.set(field, from.get(field));
        }
    }

    private static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
