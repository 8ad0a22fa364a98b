package io.lectern.api.plugin;

import java.util.List;
import java.util.Objects;

/**
 * A setting a destination asks for, enough for the dashboard to draw a form.
 *
 * @param name         key in the settings map, e.g. {@code url}, {@code key}
 * @param label        what the form shows, in plain words
 * @param type         how to show and check it
 * @param defaultValue used when the admin leaves it empty, or {@code ""}
 * @param required     whether it must be given
 * @param help         one line of help
 * @param choices      allowed values for {@link Type#CHOICE}
 */
public record FieldSpec(String name, String label, Type type, String defaultValue, boolean required, String help, List<String> choices) {

    public enum Type {
        TEXT, URL, NUMBER, CHOICE,
        /** Never shown in full after saving, never logged, stored encrypted. */
        SECRET
    }

    public FieldSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        label = label == null ? name : label;
        defaultValue = defaultValue == null ? "" : defaultValue;
        help = help == null ? "" : help;
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    public static FieldSpec of(String name, String label, Type type, String defaultValue, boolean required, String help) {
        return new FieldSpec(name, label, type, defaultValue, required, help, List.of());
    }
}
