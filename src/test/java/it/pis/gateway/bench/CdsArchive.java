package it.pis.gateway.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A class data sharing archive of the gateway made by {@code bin/cds-archive}, as an operator makes
 * it (docs/operations.md), for the benchmark's start-up with CDS. CDS takes classes from jars only, so
 * each classes folder of the classpath is first packed into a jar of its own.
 */
record CdsArchive(Path archive, String classpath, double seconds) {

    static CdsArchive make(List<String> classpath, Path folder) throws IOException, InterruptedException {
        long from = System.nanoTime();
        Files.createDirectories(folder);
        List<String> jars = new ArrayList<>();
        for (String entry : classpath) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                Path jar = folder.resolve("classes-" + jars.size() + ".jar");
                run(folder.resolve("jar.log"), Path.of(System.getProperty("java.home"), "bin", "jar").toString(),
                        "--create", "--file", jar.toString(), "-C", path.toString(), ".");
                jars.add(jar.toString());
            } else {
                jars.add(entry);
            }
        }
        String jarClasspath = String.join(File.pathSeparator, jars);
        Path archive = folder.resolve("pis-gateway.jsa");
        List<String> command = new ArrayList<>(List.of("bash", "bin/cds-archive", archive.toString()));
        command.addAll(GatewayProcess.javaArguments(List.of(), jarClasspath));
        run(folder.resolve("cds-archive.log"), command.toArray(String[]::new));
        return new CdsArchive(archive, jarClasspath, (System.nanoTime() - from) / 1e9);
    }

    /** The JVM arguments that start the gateway with this archive. */
    List<String> javaArguments() {
        return GatewayProcess.javaArguments(List.of("-XX:SharedArchiveFile=" + archive), classpath);
    }

    private static void run(Path log, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA", GatewayProcess.java());
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(command[0] + " " + command[1] + " … failed:\n" + Files.readString(log));
        }
    }
}
