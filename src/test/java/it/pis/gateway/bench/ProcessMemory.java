package it.pis.gateway.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This JVM's memory at one moment: heap in use after a full GC (what is still referenced, not what
 * the collector has yet to free) and the process's resident set (VmRSS of /proc/self/status, -1 where
 * there is no /proc). The benchmark runs the gateway in its own JVM, so the RSS includes the load
 * generator's clients.
 */
record ProcessMemory(long heapUsedAfterGc, long heapCommitted, long rss) {

    static ProcessMemory now() {
        System.gc();
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new ProcessMemory(heap.getUsed(), heap.getCommitted(), residentSetSize());
    }

    private static long residentSetSize() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {   // "VmRSS:	  123456 kB"
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
