package io.lectern.ffmpeg;

import java.nio.ByteBuffer;

import org.bytedeco.javacpp.BytePointer;

/**
 * Native pointers to the planes of a Lectern frame, for handing to libav. Direct planes are used in
 * place; heap planes are copied into scratch memory kept for the next frame. Every pointer handed
 * out stays owned here: it is valid until the next call with the same index, and close frees all.
 */
public final class PlanePointers implements AutoCloseable {

    private final BytePointer[] scratch;
    private final BytePointer[] wrapped;

    public PlanePointers(int maxPlanes) {
        scratch = new BytePointer[maxPlanes];
        wrapped = new BytePointer[maxPlanes];
    }

    /** A pointer to the remaining bytes of {@code plane}; the caller keeps the plane's frame while it is used. */
    public BytePointer pointer(int index, ByteBuffer plane) {
        release(wrapped, index);
        if (plane.isDirect()) {
            wrapped[index] = new BytePointer(plane.slice());
            return wrapped[index];
        }
        int size = plane.remaining();
        BytePointer s = scratch[index];
        if (s == null || s.capacity() < size) {
            release(scratch, index);
            s = new BytePointer(size);
            scratch[index] = s;
        }
        s.position(0).limit(size).asByteBuffer().put(plane.duplicate());
        return s;
    }

    private static void release(BytePointer[] pointers, int index) {
        if (pointers[index] != null) {
            pointers[index].close();
            pointers[index] = null;
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < scratch.length; i++) {
            release(scratch, i);
            release(wrapped, i);
        }
    }
}
