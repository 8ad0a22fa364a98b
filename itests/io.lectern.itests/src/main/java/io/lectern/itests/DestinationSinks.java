package io.lectern.itests;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Receivers for destinations, from Debian's tools on loopback: nginx with the RTMP module (records
 * each stream to {@code <dir>/<key>.flv}), socat terminating TLS in front of it, srt-live-transmit.
 */
final class DestinationSinks implements AutoCloseable {

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();

    DestinationSinks(Path dir) {
        this.dir = dir;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    Process nginx(int port, String onPublish) throws IOException, InterruptedException {
        Path conf = dir.resolve("nginx-" + port + ".conf");
        Files.writeString(conf, """
                load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
                daemon off;
                master_process off;
                worker_processes 1;
                error_log %1$s/nginx-%2$d.log info;
                pid %1$s/nginx-%2$d.pid;
                events { worker_connections 64; }
                rtmp { server { listen 127.0.0.1:%2$d; application live {
                    live on; record all; record_path %1$s; record_unique on; %3$s
                } } }
                """.formatted(dir, port, onPublish == null ? "" : "on_publish " + onPublish + ";"), StandardCharsets.UTF_8);
        Process p = start("nginx", "-e", dir.resolve("nginx-" + port + ".err").toString(), "-p", dir.toString(), "-c", conf.toString());
        awaitTcp(port, p);
        return p;
    }

    Process tls(int port, int target) throws IOException, InterruptedException {
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Process gen = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                "-out", cert.toString(), "-days", "1", "-subj", "/CN=localhost").redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        if (!gen.waitFor(30, TimeUnit.SECONDS) || gen.exitValue() != 0) {
            throw new IOException("openssl could not make a certificate");
        }
        Path pem = dir.resolve("both.pem");
        Files.writeString(pem, Files.readString(cert) + Files.readString(key));
        Process p = start("socat", "OPENSSL-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork,verify=0,cert=" + pem, "TCP:127.0.0.1:" + target);
        awaitTcp(port, p);
        return p;
    }

    Process srt(int port, File out) throws IOException {
        Process p = new ProcessBuilder("srt-live-transmit", "srt://:" + port + "?mode=listener", "file://con")
                .redirectOutput(out).redirectError(dir.resolve("srt-" + port + ".log").toFile()).start();
        processes.add(p);
        return p;
    }

    /** The files nginx recorded for a stream key (one per publish). */
    List<Path> recorded(String key) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(key + "-") && f.toString().endsWith(".flv")).sorted().toList();
        }
    }

    private Process start(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(command[0] + "-" + processes.size() + ".out").toFile()).start();
        processes.add(p);
        return p;
    }

    private static void awaitTcp(int port, Process p) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException(p.info().command().orElse("sink") + " ended at once with " + p.exitValue());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IOException("nothing listens on port " + port);
    }

    @Override
    public void close() {
        processes.forEach(Process::destroy);
        for (Process p : processes) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
