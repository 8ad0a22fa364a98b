package io.lectern.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;

import io.lectern.api.pipeline.PipelineInfo;
import io.lectern.api.pipeline.PipelineRegistry;
import io.lectern.api.pipeline.PipelineState;

import org.junit.jupiter.api.Test;

class PublisherCommandsTest {

    @Test
    void listsOnlyStreamsWithAPublisher() {
        long started = System.currentTimeMillis() - 3_723_000;
        String out = commands(
                new PipelineInfo("algebra", "rtmp", PipelineState.LIVE, "", "203.0.113.7:51000", started, 900, 2_500_000, 29.97, List.of()),
                new PipelineInfo("idle", "rtmp", PipelineState.WAITING, "", "", started, 0, 0, 0, List.of())).publishers();
        List<String> lines = out.lines().toList();
        assertEquals(2, lines.size(), out);
        assertTrue(lines.get(0).startsWith("STREAM"), out);
        assertTrue(lines.get(1).matches("algebra +rtmp +203\\.0\\.113\\.7:51000 +2500 +30\\.0 +1:02:0[34]"), out);
        assertFalse(out.contains("idle"), out);
    }

    @Test
    void saysSoWhenNobodyPublishes() {
        assertEquals("No publisher is connected.", commands().publishers());
    }

    /** A registry that only knows its pipelines; the command uses nothing else. */
    private static PublisherCommands commands(PipelineInfo... pipelines) {
        PipelineRegistry registry = (PipelineRegistry) Proxy.newProxyInstance(PublisherCommandsTest.class.getClassLoader(),
                new Class<?>[] {PipelineRegistry.class}, (proxy, method, args) -> {
                    if (method.getName().equals("pipelines")) {
                        return List.of(pipelines);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new PublisherCommands(registry);
    }
}
