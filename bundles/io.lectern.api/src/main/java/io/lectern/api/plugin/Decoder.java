package io.lectern.api.plugin;

import io.lectern.api.media.PixelFormat;
import io.lectern.api.media.Track;

import org.osgi.annotation.versioning.ConsumerType;

/** Turns a compressed track into frames, once per stream, for every rung to share. */
@ConsumerType
public interface Decoder extends Plugin {

    boolean supports(Track track);

    /**
     * @param preferred the pixel format the chosen encoders take, as a hint; the decoder may
     *                  deliver another and says so in each frame
     */
    DecoderSession open(Track track, PixelFormat preferred) throws PluginException;
}
