package io.lectern.api.pipeline;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when plugins come and go and pipelines change state; register one as a service (the
 * dashboard's live updates do). Called on the registry's thread: return quickly.
 */
@ConsumerType
public interface PipelineListener {

    default void pluginsChanged() {
    }

    default void pipelineChanged(PipelineInfo info) {
    }
}
