package kr.publicdata.scheduler.store;

import java.nio.ByteBuffer;

/**
 * The natural keys already counted in this run, as 64-bit key hashes in an open-addressing set: about
 * 16 bytes a key, so the 1.84 million street lights fit in ~32 MB. Two keys colliding in 64 bits is
 * about a one-in-ten-million event for the largest source; it would count one row as a duplicate.
 */
public final class SeenKeys {

    private static final long EMPTY = 0L;
    /** Stands in for a real hash of 0, which marks empty slots. */
    private static final long ZERO_SUBSTITUTE = 0x9E3779B97F4A7C15L;

    private long[] slots = new long[1024];
    private int size;

    public boolean contains(long hash) {
        long h = hash == EMPTY ? ZERO_SUBSTITUTE : hash;
        int mask = slots.length - 1;
        for (int i = index(h, mask); ; i = (i + 1) & mask) {
            long slot = slots[i];
            if (slot == EMPTY) {
                return false;
            }
            if (slot == h) {
                return true;
            }
        }
    }

    /** Adds the hash; false when it was already there. */
    public boolean add(long hash) {
        long h = hash == EMPTY ? ZERO_SUBSTITUTE : hash;
        if ((size + 1) * 2L > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        for (int i = index(h, mask); ; i = (i + 1) & mask) {
            long slot = slots[i];
            if (slot == h) {
                return false;
            }
            if (slot == EMPTY) {
                slots[i] = h;
                size++;
                return true;
            }
        }
    }

    public int size() {
        return size;
    }

    /** Adds every hash packed in a manifest (8 bytes each, big-endian). */
    public void addAll(ByteBuffer packed) {
        ByteBuffer buffer = packed.duplicate();
        while (buffer.remaining() >= Long.BYTES) {
            add(buffer.getLong());
        }
    }

    public static byte[] pack(long[] hashes) {
        ByteBuffer buffer = ByteBuffer.allocate(hashes.length * Long.BYTES);
        for (long h : hashes) {
            buffer.putLong(h);
        }
        return buffer.array();
    }

    private static int index(long h, int mask) {
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        for (long h : old) {
            if (h != EMPTY) {
                add(h);
            }
        }
    }
}
