package io.lectern.store;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * One point of a stream's statistics time series.
 *
 * @param destinations destination id to its state text at that moment
 */
public record StatsSample(String stream, OffsetDateTime at, int viewers, long ingestBitrate, double fps,
                          long droppedFrames, double encoderSpeed, Map<String, String> destinations) {

    public StatsSample {
        destinations = destinations == null ? Map.of() : Map.copyOf(destinations);
    }
}
