package io.lectern.api.plugin;

/** A plugin could not do what was asked; the message is shown to admins as it is. */
public class PluginException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean permanent;

    public PluginException(String message) {
        this(message, null, false);
    }

    public PluginException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /**
     * @param permanent {@code true} when trying again cannot help (a refused stream key, a bad
     *                  setting): the pipeline then stops retrying and shows the reason
     */
    public PluginException(String message, Throwable cause, boolean permanent) {
        super(message, cause);
        this.permanent = permanent;
    }

    public boolean isPermanent() {
        return permanent;
    }
}
