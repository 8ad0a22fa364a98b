/**
 * The push engine that platform destinations (YouTube, Twitch, Facebook, Instagram, a custom server)
 * share: a platform bundle describes its server URL, key and limits in a {@link PushPlatform} and
 * extends {@link PushDestination}; the engine connects, muxes (FLV for RTMP and RTMPS, MPEG-TS for
 * SRT) and turns network errors into retryable or permanent failures.
 */
@Version("1.0.0")
package io.lectern.destination.push;

import org.osgi.annotation.versioning.Version;
