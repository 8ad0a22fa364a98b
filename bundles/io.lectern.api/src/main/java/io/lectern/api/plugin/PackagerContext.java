package io.lectern.api.plugin;

import java.nio.file.Path;
import java.util.List;

import io.lectern.api.delivery.Rendition;
import io.lectern.api.stream.StreamDefinition;

import org.osgi.annotation.versioning.ProviderType;

/** What the pipeline gives a packager for one stream. */
@ProviderType
public interface PackagerContext {

    StreamDefinition stream();

    /** The stream's folder, where segments live and where the packager may write its files. */
    Path directory();

    /** The renditions, video rungs lowest first, then audio. */
    List<Rendition> renditions();
}
