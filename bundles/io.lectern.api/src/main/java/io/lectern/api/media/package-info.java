/**
 * The media model every plugin speaks: tracks, compressed packets, raw frames and time bases.
 * <p>
 * Video packets of H.264 and HEVC carry length-prefixed NAL units (4-byte lengths, the ISO BMFF
 * form) and their track's {@link io.lectern.api.media.Track#codecConfig() codec configuration} is the
 * avcC/hvcC record; AAC packets are raw access units with an AudioSpecificConfig as codec
 * configuration. Ingest plugins convert to this form once, so every consumer can rely on it.
 */
@Version("1.0.0")
package io.lectern.api.media;

import org.osgi.annotation.versioning.Version;
