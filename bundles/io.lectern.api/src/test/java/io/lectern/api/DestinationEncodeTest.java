package io.lectern.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.lectern.api.plugin.DestinationConstraints;
import io.lectern.api.plugin.FieldError;
import io.lectern.api.profile.Ladder;
import io.lectern.api.profile.LatencyMode;
import io.lectern.api.profile.Rung;
import io.lectern.api.stream.DestinationDefinition;
import io.lectern.api.stream.DestinationEncode;
import io.lectern.api.stream.DestinationEncode.Mode;
import io.lectern.api.stream.StreamDefinition;

class DestinationEncodeTest {

    private static final DestinationConstraints TWITCH = new DestinationConstraints(1080, 6_000_000, 2, false, false);
    private static final DestinationConstraints INSTAGRAM = new DestinationConstraints(1280, 0, 2, true, true);
    private static final StreamDefinition STREAM = StreamDefinition.simple("maths", "rtmp", LatencyMode.TUTORIAL,
            new Ladder(List.of(Rung.SOURCE, Rung.P360, Rung.P720, new Rung("1440p", 1440, 9_000_000, 30))));

    @Test
    void constraintsSayWhatDoesNotFit() {
        assertEquals(List.of(), TWITCH.problems(1280, 720, 2_800_000, 2));
        assertEquals(List.of(), TWITCH.problems(1920, 1080, 0, 0), "unknown values pass");
        List<String> p = TWITCH.problems(2560, 1440, 9_000_000, 4);
        assertEquals(3, p.size(), p.toString());
        assertTrue(p.get(0).contains("1440 lines tall, more than the 1080"), p.get(0));
        assertTrue(p.get(1).contains("9000 kbit/s, more than the 6000"), p.get(1));
        assertTrue(p.get(2).contains("every 4 s") && p.get(2).contains("every 2 s"), p.get(2));
        assertTrue(INSTAGRAM.problems(1280, 720, 0, 2).get(0).contains("vertical 9:16"));
        assertEquals(List.of(), INSTAGRAM.problems(720, 1280, 3_000_000, 2));
        assertEquals(List.of(), DestinationConstraints.NONE.problems(3840, 2160, 50_000_000, 10));
    }

    @Test
    void settingsAskForAnEncode() {
        assertEquals(new DestinationEncode(Mode.AUTO, 0, 0, false), DestinationEncode.of(Map.of("key", "x")));
        DestinationEncode e = DestinationEncode.of(Map.of("encode", "always", "encodeHeight", "720", "encodeBitrate", "3000", "encodeVertical", "true"));
        assertEquals(new DestinationEncode(Mode.ALWAYS, 720, 3_000_000, true), e);
        assertTrue(DestinationEncode.of(Map.of("encodeHeight", "720")).explicit());
        assertFalse(DestinationEncode.of(Map.of("encode", "never")).explicit());
        assertEquals(0, DestinationEncode.of(Map.of("encodeHeight", "99999")).height(), "refused values read as not given");
    }

    @Test
    void checksNameTheFieldAndSayWhatToDo() {
        assertEquals(List.of(), check("720p", Map.of(), TWITCH));
        assertEquals(List.of(), check("1440p", Map.of(), TWITCH), "auto: Lectern encodes for it");
        assertEquals(List.of("rendition"), fields(check("1440p", Map.of("encode", "never"), TWITCH)));
        assertTrue(check("1440p", Map.of("encode", "never"), TWITCH).get(0).message().contains("1440 lines tall"));
        assertEquals(List.of("rendition"), fields(check("720p", Map.of("encode", "never"), INSTAGRAM)));
        assertEquals(List.of("rendition"), fields(check("1080p", Map.of(), TWITCH)), "not in this stream's ladder");
        assertTrue(check("1080p", Map.of(), TWITCH).get(0).message().contains("360p, 720p, 1440p"));
        assertEquals(List.of(), check("source", Map.of("encode", "never"), TWITCH), "the source is judged when it arrives");
        assertEquals(List.of("settings.encodeHeight", "settings.encodeBitrate"),
                fields(check("source", Map.of("encodeHeight", "1440", "encodeBitrate", "8000"), TWITCH)));
        assertEquals(List.of("settings.encode", "settings.encodeVertical", "settings.encodeHeight", "settings.encodeBitrate"),
                fields(check("source", Map.of("encode", "sometimes", "encodeVertical", "yes", "encodeHeight", "tall", "encodeBitrate", "5"),
                        DestinationConstraints.NONE)));
        assertEquals(List.of("settings.encode"), fields(check("source", Map.of("encode", "never", "encodeHeight", "720"), TWITCH)));
    }

    private static List<FieldError> check(String rendition, Map<String, String> settings, DestinationConstraints c) {
        return DestinationEncode.check(STREAM, new DestinationDefinition("out", "p", rendition, settings, true), c);
    }

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }
}
