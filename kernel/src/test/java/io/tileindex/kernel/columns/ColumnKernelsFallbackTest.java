package io.tileindex.kernel.columns;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without {@code --add-modules jdk.incubator.vector} the scalar twin is chosen, with the reason logged. */
class ColumnKernelsFallbackTest {

    static String probe(String... jvmArgs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), KernelChoiceProbe.class.getName()));
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        String err = new String(p.getErrorStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        return out + "\n" + err;
    }

    @Test
    void scalarTwinWhenTheIncubatorModuleIsAbsent() throws Exception {
        String r = probe();
        assertTrue(r.startsWith("scalar|scalar: module jdk.incubator.vector not present"), r);
        assertTrue(r.contains("WARNING") && r.contains("jdk.incubator.vector not present"), "fallback is logged: " + r);
    }

    @Test
    void vectorKernelWhenTheModuleIsPresentAndScalarWhenForced() throws Exception {
        assertTrue(probe("--add-modules=jdk.incubator.vector").startsWith("vector-"));
        assertTrue(probe("--add-modules=jdk.incubator.vector", "-Dtileindex.kernel=scalar").startsWith("scalar|scalar forced"));
    }
}
