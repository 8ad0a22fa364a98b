package io.lectern.store.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.lectern.api.stream.StreamNames;
import io.lectern.store.PlaybackSigner;
import io.lectern.store.PlaybackToken;

/**
 * HMAC-SHA256 over {@code v1}, the stream and the expiry, under a key derived from the master key
 * ({@link SecretBox#derive}), so there is no second secret file to back up or leak. Comparison is
 * constant-time.
 */
@Component(service = PlaybackSigner.class)
public final class HmacPlaybackSigner implements PlaybackSigner {

    static final String PURPOSE = "lectern playback links v1";
    private final SecretKeySpec key;
    private final Clock clock;

    @Activate
    public HmacPlaybackSigner(@Reference SecretBox secrets) {
        this(secrets.derive(PURPOSE), Clock.systemUTC());
    }

    HmacPlaybackSigner(byte[] key, Clock clock) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.clock = clock;
    }

    @Override
    public PlaybackToken sign(String stream, Duration validFor) {
        StreamNames.require(stream);
        if (validFor.isNegative() || validFor.isZero() || validFor.compareTo(MAX_VALIDITY) > 0) {
            throw new IllegalArgumentException("a link lasts from 1 second to " + MAX_VALIDITY.toDays() + " days");
        }
        long expires = clock.instant().plus(validFor).getEpochSecond();
        return new PlaybackToken(stream, expires, Base64.getUrlEncoder().withoutPadding().encodeToString(mac(stream, expires)));
    }

    @Override
    public Check check(PlaybackToken token) {
        if (token == null) {
            return Check.MISSING;
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(token.signature());
        } catch (IllegalArgumentException e) {
            return Check.INVALID;
        }
        if (!MessageDigest.isEqual(mac(token.stream(), token.expires()), given)) {
            return Check.INVALID;
        }
        return clock.instant().getEpochSecond() < token.expires() ? Check.VALID : Check.EXPIRED;
    }

    private byte[] mac(String stream, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(("v1\n" + stream + "\n" + expires).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java", e);
        }
    }
}
