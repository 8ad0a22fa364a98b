package io.lectern.store.internal;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A private PostgreSQL server in a temporary folder, from the Debian binaries in
 * /usr/lib/postgresql/&lt;version&gt;/bin. As root it runs as user postgres. Published in this
 * module's test jar for the product tests.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Path INSTALL = Path.of("/usr/lib/postgresql");

    private final Path bin;
    private final Path dir;
    private final int port;

    private PostgresServer(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** Starts a server (without fsync: it is thrown away); without binaries the test fails when CI=true and is skipped otherwise. */
    public static PostgresServer start() throws IOException, InterruptedException {
        Path bin = findBin();
        if (bin == null) {
            String message = "PostgreSQL binaries not found under " + INSTALL + "/<version>/bin (Debian package postgresql)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message + "; CI=true, so this test must run");
            }
            Assumptions.abort(message + "; skipped because CI is not true");
        }
        Path dir = Files.createTempDirectory("lectern-pg");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PostgresServer server = new PostgresServer(bin, dir, port);
        server.run(root, "initdb", "-D", dir.toString(), "-A", "trust", "-U", "lectern", "-E", "UTF8", "--no-sync");
        server.run(root, "pg_ctl", "-D", dir.toString(), "-l", dir.resolve("server.log").toString(), "-o",
                "-c listen_addresses=127.0.0.1 -p " + port + " -k " + dir + " -c fsync=off -c full_page_writes=off", "-w", "start");
        return server;
    }

    /** The JDBC URL of its {@code postgres} database; the user is {@code lectern}, with no password. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            run("root".equals(System.getProperty("user.name")), "pg_ctl", "-D", dir.toString(), "-m", "immediate", "-w", "stop");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private void run(boolean root, String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (root) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(args));
        Path log = Files.createTempFile("lectern-pg", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                Assertions.fail(tool + " did not finish in 60 s");
            }
            if (p.exitValue() != 0) {
                Assertions.fail(tool + " failed (" + p.exitValue() + "): " + Files.readString(log));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The newest installed version's bin folder, or null. */
    private static Path findBin() throws IOException {
        if (!Files.isDirectory(INSTALL)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(INSTALL)) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .max(Comparator.comparingDouble(v -> Double.parseDouble(v.getFileName().toString())))
                    .map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .orElse(null);
        }
    }
}
