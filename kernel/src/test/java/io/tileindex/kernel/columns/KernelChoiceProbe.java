package io.tileindex.kernel.columns;

/** Run in a child JVM by {@link ColumnKernelsFallbackTest}: prints the chosen kernel and why. */
public final class KernelChoiceProbe {
    private KernelChoiceProbe() {}

    public static void main(String[] args) {
        System.out.println(ColumnKernels.get().name() + "|" + ColumnKernels.reason());
    }
}
