package io.tileindex.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CI's performance guard: the JMH suite in short mode, judged by ratios to references measured in
 * the same run (vector kernel vs its scalar twin, our DELTA encoder vs parquet-java's), never by an
 * absolute number. A failure means a kernel or encoder lost its edge, not that CI was busy.
 */
class JmhRegressionGateTest {
    @Test
    void kernelAndEncoderKeepTheirLeadOverTheirReferences() throws Exception {
        String verdict = JmhMain.gateWithRetries();
        assertTrue(verdict.startsWith("PASS"), verdict);
    }
}
