package io.lectern.destination.tutorial.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.lectern.destination.tutorial}. */
@ObjectClassDefinition(name = "Lectern tutorial recordings",
        description = "Where the tutorial destination keeps recordings, how long, and how much.")
public @interface TutorialConfig {

    @AttributeDefinition(name = "Folder",
            description = "Where recordings are written, one folder per stream and recording. Empty: recordings/ in the data folder (lectern.data, else ./lectern-data).")
    String folder() default "";

    @AttributeDefinition(name = "Keep (days)",
            description = "Recordings older than this are deleted, unless their destination sets its own keepDays. 0 keeps them until deleted by hand.", min = "0")
    int keepDays() default 30;

    @AttributeDefinition(name = "Most space (GB)",
            description = "When all recordings together take more, the oldest finished ones are deleted. 0: no limit.", min = "0")
    double maxTotalGigabytes() default 0;

    @AttributeDefinition(name = "Segment length (s)",
            description = "Length of a recording's files; at least the stream's keyframe interval. Longer means fewer files.", min = "1")
    double segmentSeconds() default 6;

    @AttributeDefinition(name = "Close after (minutes)",
            description = "A recording whose publisher stays away this long is closed even while the stream still runs.", min = "1")
    int closeAfterMinutes() default 30;

    @AttributeDefinition(name = "Check every (minutes)",
            description = "How often old recordings are deleted and abandoned ones closed.", min = "1")
    int checkMinutes() default 10;
}
