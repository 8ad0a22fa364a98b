package io.lectern.api.pipeline;

import java.util.List;

/**
 * A stream's pipeline, as shown by {@code lectern:pipelines} and the API.
 *
 * @param stream        the stream name
 * @param ingest        the ingest protocol id
 * @param state         where it stands
 * @param reason        why, in plain words, when not live ("encoder x264 is not installed")
 * @param publisher     the publisher's address, or "" while none is connected
 * @param startedMillis when it was started (epoch millis)
 * @param packetsIn     packets received from the ingest
 * @param bitrateIn     ingest bits per second, recent average
 * @param fpsIn         ingest video frames per second, recent average
 * @param outputs       renditions, packagers and destinations
 */
public record PipelineInfo(String stream, String ingest, PipelineState state, String reason, String publisher,
                           long startedMillis, long packetsIn, long bitrateIn, double fpsIn, List<OutputInfo> outputs) {

    public PipelineInfo {
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        reason = reason == null ? "" : reason;
        publisher = publisher == null ? "" : publisher;
    }
}
