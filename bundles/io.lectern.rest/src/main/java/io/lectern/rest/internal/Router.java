package io.lectern.rest.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Maps {@code METHOD /path/{param}} templates to handlers. */
final class Router {

    /** What a handler does with a call; returns the answer body (a JSON tree), or a {@link Reply}. */
    @FunctionalInterface
    interface Handler {
        Object handle(Call call) throws Exception;
    }

    /** Who may call a route. */
    enum Access {
        /** Everybody, without signing in (must agree with the auth filter's public paths). */
        OPEN,
        /** Every signed-in user, operators too. */
        OPERATOR,
        /** Admins only. */
        ADMIN
    }

    record Route(String method, String template, Access access, Handler handler) {

        boolean open() {
            return access == Access.OPEN;
        }

        String[] segments() {
            return template.substring(1).split("/");
        }
    }

    /** A matched route and the values of its {@code {params}}. */
    record Match(Route route, Map<String, String> params) {
    }

    private final List<Route> routes = new ArrayList<>();

    /** A route for signed-in users: reading is open to operators, changing is for admins. */
    Router add(String method, String template, Handler handler) {
        routes.add(new Route(method, template, "GET".equals(method) ? Access.OPERATOR : Access.ADMIN, handler));
        return this;
    }

    /** A route that changes something and that operators may call too. */
    Router operator(String method, String template, Handler handler) {
        routes.add(new Route(method, template, Access.OPERATOR, handler));
        return this;
    }

    /** A route for admins only, reading included. */
    Router admin(String method, String template, Handler handler) {
        routes.add(new Route(method, template, Access.ADMIN, handler));
        return this;
    }

    Router open(String method, String template, Handler handler) {
        routes.add(new Route(method, template, Access.OPEN, handler));
        return this;
    }

    List<Route> routes() {
        return List.copyOf(routes);
    }

    /** The route for {@code method} and {@code path}; empty with the allowed methods when only the path matched. */
    Optional<Match> match(String method, String path, Set<String> allowed) {
        String[] parts = path.length() > 1 ? path.substring(1).split("/", -1) : new String[] {""};
        for (Route route : routes) {
            Map<String, String> params = bind(route.segments(), parts);
            if (params == null) {
                continue;
            }
            if (route.method().equals(method) || ("HEAD".equals(method) && "GET".equals(route.method()))) {
                return Optional.of(new Match(route, params));
            }
            allowed.add(route.method());
        }
        return Optional.empty();
    }

    /** All methods a path allows, for 405 answers. */
    static Set<String> newAllowed() {
        return new LinkedHashSet<>();
    }

    private static Map<String, String> bind(String[] template, String[] parts) {
        if (template.length != parts.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                if (parts[i].isEmpty()) {
                    return null;
                }
                params.put(t.substring(1, t.length() - 1), parts[i]);
            } else if (!t.equals(parts[i])) {
                return null;
            }
        }
        return params;
    }
}
