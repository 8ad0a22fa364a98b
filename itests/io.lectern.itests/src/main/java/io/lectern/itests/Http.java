package io.lectern.itests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** A small HTTP client for the Lectern instance running in the test framework. */
final class Http {

    static final String ADMIN_PASSWORD = "itest-password";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    private Http(String base) {
        this.base = base;
    }

    /**
     * Finds the port Jetty opened (the tests ask for any free one) through the HTTP runtime service,
     * and signs in: on a fresh data folder the admin password is chosen through {@code /api/v1/setup},
     * which works exactly once.
     */
    static Http signIn(BundleContext context) throws Exception {
        Http http = connect(context);
        String password = "{\"password\":\"" + ADMIN_PASSWORD + "\"}";
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status = -1;
        while (System.nanoTime() < deadline) {
            try {
                status = http.post("/api/v1/setup", password).statusCode();
            } catch (IOException e) {
                status = -1;
            }
            if (status != 503 && status != -1 && status != 404) {
                break;
            }
            Thread.sleep(100);
        }
        HttpResponse<String> again = http.post("/api/v1/setup", password);
        if (again.statusCode() != 409) {
            throw new IllegalStateException("setup must work once only, answered " + again.statusCode() + " " + again.body());
        }
        return http;
    }

    private static Http connect(BundleContext context) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            ServiceReference<?>[] refs = context.getServiceReferences("org.osgi.service.servlet.runtime.HttpServiceRuntime", null);
            if (refs != null && refs.length > 0) {
                Object endpoint = refs[0].getProperty("osgi.http.endpoint");
                String url = endpoint instanceof String[] a ? a[0] : endpoint instanceof java.util.Collection<?> c
                        ? c.iterator().next().toString() : String.valueOf(endpoint);
                int port = URI.create(url).getPort();
                if (port > 0) {
                    // The endpoint may name any interface; the tests use loopback.
                    return new Http("http://127.0.0.1:" + port);
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the HTTP server did not start");
    }

    String base() {
        return base;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return client.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> patch(String path, String json) throws IOException, InterruptedException {
        return client.send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return client.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> anonymous(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        String basic = Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).header("Authorization", "Basic " + basic);
    }
}
