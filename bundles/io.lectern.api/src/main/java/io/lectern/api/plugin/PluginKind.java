package io.lectern.api.plugin;

import java.util.Locale;

/** The kinds of plugin, each with its service interface. */
public enum PluginKind {
    INGEST(IngestProtocol.class),
    DECODER(Decoder.class),
    ENCODER(Encoder.class),
    PACKAGER(Packager.class),
    DESTINATION(Destination.class);

    private final Class<? extends Plugin> service;

    PluginKind(Class<? extends Plugin> service) {
        this.service = service;
    }

    /** The service interface plugins of this kind register. */
    public Class<? extends Plugin> service() {
        return service;
    }

    /** Lower-case name as used in the API and the shell, e.g. {@code ingest}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PluginKind of(Plugin plugin) {
        for (PluginKind k : values()) {
            if (k.service.isInstance(plugin)) {
                return k;
            }
        }
        throw new IllegalArgumentException(plugin.getClass().getName() + " implements no plugin kind");
    }

    public static PluginKind fromId(String id) {
        for (PluginKind k : values()) {
            if (k.id().equalsIgnoreCase(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown plugin kind '" + id + "' (use ingest, decoder, encoder, packager or destination)");
    }
}
