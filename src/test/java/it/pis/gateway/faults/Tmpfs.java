package it.pis.gateway.faults;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static it.pis.gateway.faults.FaultsEnvironment.run;

/** A small tmpfs (root only) that a ballast file fills to the last byte, and that is unmounted at the end. */
final class Tmpfs implements AutoCloseable {

    final Path mountPoint;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    static Tmpfs mount(int megabytes) throws Exception {
        Path dir = Files.createTempDirectory("pis-faults-disk-");
        run(List.of("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString()));
        return new Tmpfs(dir);
    }

    Path ballast() {
        return mountPoint.resolve("ballast");
    }

    /** Writes the ballast until the file system refuses a single block more; its size in bytes. */
    long fill() throws IOException {
        long written = 0;
        try (FileChannel file = FileChannel.open(ballast(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            for (int chunk : new int[]{1 << 20, 4096, 1}) {
                ByteBuffer zeros = ByteBuffer.allocate(chunk);
                try {
                    while (true) {
                        zeros.clear();
                        written += file.write(zeros);
                    }
                } catch (IOException full) {
                    // No space left on device: on to smaller writes
                }
            }
        }
        return written;
    }

    void emptyBallast() throws IOException {
        Files.deleteIfExists(ballast());
    }

    long free() throws IOException {
        return Files.getFileStore(mountPoint).getUsableSpace();
    }

    @Override
    public void close() throws Exception {
        try {
            run(List.of("umount", mountPoint.toString()));
        } catch (IOException busy) {
            run(List.of("umount", "-l", mountPoint.toString()));
        }
        Files.deleteIfExists(mountPoint);
    }
}
