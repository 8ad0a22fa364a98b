package io.lectern.rest.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.lectern.api.plugin.Destination;
import io.lectern.api.plugin.DestinationContext;
import io.lectern.api.plugin.DestinationSession;
import io.lectern.api.plugin.FieldError;
import io.lectern.api.plugin.FieldSpec;
import io.lectern.api.plugin.IngestProtocol;
import io.lectern.api.plugin.PluginException;

/** An RTMP ingest that only knows its addresses, and a YouTube destination that only checks settings. */
final class FakePlugins {

    private FakePlugins() {
    }

    static final class Rtmp implements IngestProtocol {
        @Override
        public String id() {
            return "rtmp";
        }

        @Override
        public Mode mode() {
            return Mode.LISTENER;
        }

        @Override
        public List<String> publishUrls(String host, String key) {
            return List.of("rtmp://" + host + ":1935/live/" + key);
        }
    }

    static final class YouTube implements Destination {
        @Override
        public String id() {
            return "youtube";
        }

        @Override
        public List<FieldSpec> fields() {
            return List.of(FieldSpec.of("url", "Server", FieldSpec.Type.URL, "rtmp://a.rtmp.youtube.com/live2", true, ""),
                    FieldSpec.of("streamName", "Stream name", FieldSpec.Type.SECRET, "", true, "From YouTube Studio"));
        }

        @Override
        public List<FieldError> validate(Map<String, String> settings) {
            List<FieldError> errors = new ArrayList<>();
            if (!settings.getOrDefault("url", "").startsWith("rtmp")) {
                errors.add(new FieldError("url", "Use an rtmp:// or rtmps:// address."));
            }
            if (settings.getOrDefault("streamName", "").isEmpty()) {
                errors.add(new FieldError("streamName", "Copy the stream name from YouTube Studio."));
            }
            return errors;
        }

        @Override
        public DestinationSession open(DestinationContext context) throws PluginException {
            throw new PluginException("not in tests", null, true);
        }
    }
}
