package io.lectern.pipeline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.lectern.api.media.Codec;
import io.lectern.api.plugin.Encoder;
import io.lectern.api.plugin.EncoderConfig;
import io.lectern.api.plugin.EncoderSession;
import io.lectern.api.plugin.PluginHealth;
import io.lectern.api.plugin.PluginKind;

import org.junit.jupiter.api.Test;

/** Choosing among plugins: preference list first, then rank; plugins that are down are skipped. */
class PluginsTest {

    private static Encoder encoder(String id, Codec codec, PluginHealth health) {
        return new Encoder() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public PluginHealth health() {
                return health;
            }

            @Override
            public Codec codec() {
                return codec;
            }

            @Override
            public EncoderSession open(EncoderConfig config) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static PluginEntry entry(Encoder e, long serviceId, int rank) {
        return new PluginEntry(PluginKind.ENCODER, e, serviceId, rank, 1, "b", "1.0.0");
    }

    @Test
    void picksTheEncoderTheStreamPrefersThenTheBestRanked() {
        Plugins plugins = new Plugins();
        plugins.add(entry(encoder("x264", Codec.H264, PluginHealth.up()), 1, 0));
        plugins.add(entry(encoder("nvenc", Codec.H264, PluginHealth.down("no NVIDIA GPU")), 2, 100));
        plugins.add(entry(encoder("qsv", Codec.H264, PluginHealth.up()), 3, 50));
        plugins.add(entry(encoder("aac", Codec.AAC, PluginHealth.up()), 4, 0));

        assertEquals("qsv", plugins.encoderFor(Codec.H264, List.of()).orElseThrow().id(), "auto: the best usable rank");
        assertEquals("x264", plugins.encoderFor(Codec.H264, List.of("x264")).orElseThrow().id());
        assertEquals("qsv", plugins.encoderFor(Codec.H264, List.of("nvenc", "qsv", "x264")).orElseThrow().id(), "nvenc is down: next preference");
        assertEquals("aac", plugins.encoderFor(Codec.AAC, List.of("x264")).orElseThrow().id(), "preferences of another codec are ignored");
        assertTrue(plugins.encoderFor(Codec.HEVC, List.of()).isEmpty());
    }

    @Test
    void sameIdPrefersHigherRankThenOlderService() {
        Plugins plugins = new Plugins();
        plugins.add(entry(encoder("x264", Codec.H264, PluginHealth.up()), 7, 0));
        plugins.add(entry(encoder("x264", Codec.H264, PluginHealth.up()), 5, 0));
        assertEquals(5, plugins.find(PluginKind.ENCODER, "x264").orElseThrow().serviceId());
        plugins.add(entry(encoder("x264", Codec.H264, PluginHealth.up()), 9, 10));
        assertEquals(9, plugins.find(PluginKind.ENCODER, "x264").orElseThrow().serviceId());
        assertTrue(plugins.remove(9).isPresent());
        assertEquals(5, plugins.find(PluginKind.ENCODER, "x264").orElseThrow().serviceId());
        assertEquals(2, plugins.of(PluginKind.ENCODER).size());
    }
}
