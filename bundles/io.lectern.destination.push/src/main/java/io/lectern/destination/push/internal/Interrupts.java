package io.lectern.destination.push.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.Pointer;

/**
 * The one interrupt callback all sessions share. JavaCPP gives each callback class only a few
 * native slots, so sessions do not get a callback each: the callback finds the session by the
 * address of its opaque pointer.
 */
final class Interrupts {

    /** Whether blocking I/O of a session must stop now. */
    interface Check {
        boolean interrupted();
    }

    private static final Map<Long, Check> CHECKS = new ConcurrentHashMap<>();

    static final AVIOInterruptCB.Callback_Pointer CALLBACK = new AVIOInterruptCB.Callback_Pointer() {
        @Override
        public int call(Pointer opaque) {
            Check c = opaque == null ? null : CHECKS.get(opaque.address());
            // No session known: it is closing, so stop.
            return c == null || c.interrupted() ? 1 : 0;
        }
    };

    private Interrupts() {
    }

    static void register(Pointer opaque, Check check) {
        CHECKS.put(opaque.address(), check);
    }

    static void unregister(Pointer opaque) {
        CHECKS.remove(opaque.address());
    }
}
