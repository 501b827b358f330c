package io.tileindex.writer;

import io.tileindex.kernel.ErrorCode;
import io.tileindex.kernel.TileIndexException;
import io.tileindex.kernel.grid.Grid;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerBudgetTest {
    static final Grid KM = Grid.of(16755, 43199, new double[] {-180.0012493, 0.0083333333, 0, 83.6329165016827, 0, -0.0083333333});
    static final int UNIT = TileIndexPipeline.ROW_GROUP_ROWS;

    @Test
    void perWorkerBytesAreTheTwoSlabsFiveColumnsOfEightBytes() {
        assertEquals(5L * 8 * (UNIT + 43199), WorkerBudget.of(KM, UNIT, 1, WorkerBudget.OFF_HEAP_BUDGET).perWorkerBytes());
    }

    @Test
    void fewWorkersAreGrantedAsAsked() {
        WorkerBudget b = WorkerBudget.of(KM, UNIT, 2, WorkerBudget.OFF_HEAP_BUDGET);
        assertEquals(2, b.granted());
        assertFalse(b.capped());
    }

    @Test
    void manyWorkersAreCappedSoTheirSlabsFitTheBudget() {
        for (int asked : new int[] {7, 64, 1024}) {
            WorkerBudget b = WorkerBudget.of(KM, UNIT, asked, WorkerBudget.OFF_HEAP_BUDGET);
            assertTrue(b.capped());
            assertEquals(WorkerBudget.OFF_HEAP_BUDGET / b.perWorkerBytes(), b.granted());
            assertTrue(b.granted() * b.perWorkerBytes() <= WorkerBudget.OFF_HEAP_BUDGET);
            assertTrue(b.reason().contains("--workers " + asked + " capped to " + b.granted()), b.reason());
        }
    }

    @Test
    void aGridWhoseRowsAloneExceedTheBudgetIsE009() {
        Grid wide = Grid.of(10, 8_000_000, new double[] {-180, 360.0 / 8_000_000, 0, 10, 0, -0.1});
        TileIndexException e = assertThrows(TileIndexException.class,
                () -> WorkerBudget.of(wide, UNIT, 1, WorkerBudget.OFF_HEAP_BUDGET));
        assertEquals(ErrorCode.E009_PERF_BUDGET, e.code());
        assertTrue(e.getMessage().contains("8000000 columns per row"), e.getMessage());
    }
}
