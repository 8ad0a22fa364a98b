package io.lectern.pipeline.internal;

/** Test helper: whether a thread of that name prefix is still alive. */
final class PipelineThreads {

    private PipelineThreads() {
    }

    static boolean alive(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().startsWith(prefix));
    }
}
