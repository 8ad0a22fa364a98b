package io.lectern.api.plugin;

import java.util.Set;

import io.lectern.api.media.Codec;
import io.lectern.api.media.PixelFormat;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Turns frames into packets of one codec: x264, NVENC, QSV, AAC… {@link #health()} says whether the
 * hardware is there; the pipeline falls back along the stream's encoder preference.
 */
@ConsumerType
public interface Encoder extends Plugin {

    Codec codec();

    /** Pixel formats the encoder takes without conversion, best first. */
    default Set<PixelFormat> inputFormats() {
        return Set.of(PixelFormat.YUV420P);
    }

    EncoderSession open(EncoderConfig config) throws PluginException;
}
