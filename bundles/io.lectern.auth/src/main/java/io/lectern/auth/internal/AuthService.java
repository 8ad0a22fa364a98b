package io.lectern.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lectern.auth.Authenticator;
import io.lectern.auth.BrowserSession;
import io.lectern.auth.NewToken;
import io.lectern.auth.PasswordException;
import io.lectern.auth.Principal;
import io.lectern.auth.TokenInfo;
import io.lectern.auth.UserInfo;
import io.lectern.store.Account;
import io.lectern.store.AccountStore;
import io.lectern.store.ApiToken;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

/** Accounts and API tokens on the {@link AccountStore}; browser sessions in memory. */
@Component(configurationPid = AuthService.PID)
@Designate(ocd = AuthService.Config.class)
public class AuthService implements Authenticator {

    static final String PID = "io.lectern.auth";
    static final String ENV_ADMIN_PASSWORD = "LECTERN_ADMIN_PASSWORD";
    static final String TOKEN_PREFIX = "lct_";

    @ObjectClassDefinition(name = "Lectern sign-in", description = "Admin accounts, API tokens and protection against password guessing.")
    public @interface Config {

        @AttributeDefinition(type = AttributeType.PASSWORD, name = "Admin password",
                description = "Creates the 'admin' account with this password on start when no account exists. "
                        + "The environment variable LECTERN_ADMIN_PASSWORD wins. Leave empty to choose it on the /setup page.")
        String adminPassword() default "";

        @AttributeDefinition(name = "Failed attempts", description = "Failed sign-ins from one address that block it.")
        int maxFailures() default 10;

        @AttributeDefinition(name = "Counting window (s)", description = "How long a failed sign-in counts.")
        int failureWindowSeconds() default 300;

        @AttributeDefinition(name = "Block time (s)", description = "How long a blocked address must wait.")
        int blockSeconds() default 300;

        @AttributeDefinition(name = "PBKDF2 iterations", description = "Work factor for new password hashes; never below 210000.")
        int iterations() default PasswordHasher.MIN_ITERATIONS;

        @AttributeDefinition(name = "Session idle time (min)", description = "A dashboard sign-in ends after this long without a request.")
        int sessionIdleMinutes() default 30;
    }

    private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
    private static final Pattern TOKEN = Pattern.compile(Pattern.quote(TOKEN_PREFIX) + "[A-Za-z0-9_-]{32}");
    private static final Duration LAST_USED_STEP = Duration.ofMinutes(1);
    private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,31}");
    private static final Set<String> ROLES = Set.of(ROLE_ADMIN, ROLE_OPERATOR);

    private final AccountStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final PasswordHasher hasher;
    private final FailureLimiter limiter;
    /**
     * Passwords already checked by PBKDF2, as an HMAC under a key that lives only in memory, next to
     * the stored hash they matched: HTTP Basic sends the password on every request, and PBKDF2 on
     * every request would cost a core. A changed password changes the stored hash and voids the entry.
     */
    private final Map<String, VerifiedLogin> verified = new ConcurrentHashMap<>();
    private final byte[] cacheKey = new byte[32];
    private volatile boolean setUp;
    private final Sessions sessions;

    @Activate
    public AuthService(@Reference AccountStore store, Config config) {
        this(store, config, System.getenv(ENV_ADMIN_PASSWORD), Clock.systemUTC());
    }

    AuthService(AccountStore store, Config config, String envAdminPassword, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.hasher = new PasswordHasher(config.iterations(), random);
        this.limiter = new FailureLimiter(config.maxFailures(), Duration.ofSeconds(config.failureWindowSeconds()),
                Duration.ofSeconds(config.blockSeconds()), clock);
        random.nextBytes(cacheKey);
        this.sessions = new Sessions(Duration.ofMinutes(Math.max(1, config.sessionIdleMinutes())), clock, () -> randomText(32));
        String initial = envAdminPassword != null && !envAdminPassword.isBlank() ? envAdminPassword : config.adminPassword();
        createInitialAdmin(initial);
    }

    private void createInitialAdmin(String password) {
        if (!store.accounts().isEmpty()) {
            setUp = true;
            return;
        }
        if (password == null || password.isBlank()) {
            LOG.warn("No admin account yet: open /setup to choose the admin password, or set {}", ENV_ADMIN_PASSWORD);
            return;
        }
        if (password.length() < MIN_PASSWORD_LENGTH) {
            LOG.warn("The configured admin password is shorter than {} characters; open /setup to choose one", MIN_PASSWORD_LENGTH);
            return;
        }
        setUp(password);
        LOG.info("Created the '{}' account from the configured admin password", ADMIN_USER);
    }

    @Override
    public Optional<Principal> authenticate(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String address = request.getRemoteAddr();
        if (blockedFor(address).isPresent()) {
            return Optional.empty();
        }
        Optional<Principal> principal;
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            principal = byToken(header.substring(7).trim());
        } else if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            principal = byBasic(header.substring(6).trim());
        } else {
            principal = Optional.empty();
        }
        return counted(principal, address);
    }

    @Override
    public Optional<Principal> login(String username, String password, String address) {
        if (blockedFor(address).isPresent()) {
            return Optional.empty();
        }
        return counted(checkPassword(username, password), address);
    }

    private Optional<Principal> counted(Optional<Principal> principal, String address) {
        if (principal.isPresent()) {
            limiter.succeeded(address);
        } else {
            limiter.failed(address);
            LOG.info("Failed sign-in from {}", address);
        }
        return principal;
    }

    @Override
    public BrowserSession startSession(Principal principal) {
        return sessions.start(principal);
    }

    @Override
    public Optional<BrowserSession> session(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie c : cookies) {
            if (SESSION_COOKIE.equals(c.getName())) {
                return sessions.find(c.getValue());
            }
        }
        return Optional.empty();
    }

    @Override
    public void endSession(String id) {
        sessions.end(id);
    }

    @Override
    public Optional<Duration> blockedFor(String address) {
        return limiter.blockedFor(address);
    }

    private Optional<Principal> byBasic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return checkPassword(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    private Optional<Principal> checkPassword(String username, String password) {
        if (username == null || password == null) {
            return Optional.empty();
        }
        Optional<Account> account = store.account(username);
        if (account.isEmpty()) {
            hasher.verifyNothing(password);
            return Optional.empty();
        }
        Account a = account.get();
        byte[] mac = mac(username + '\0' + password);
        VerifiedLogin known = verified.get(username);
        if (known != null && known.storedHash.equals(a.passwordHash()) && MessageDigest.isEqual(known.mac, mac)) {
            return Optional.of(new Principal(a.username(), a.role(), null));
        }
        if (!hasher.verify(password, a.passwordHash())) {
            return Optional.empty();
        }
        String storedHash = a.passwordHash();
        if (hasher.needsRehash(storedHash)) {
            storedHash = hasher.hash(password);
            store.save(new Account(a.username(), storedHash, a.role(), a.created()));
        }
        verified.put(username, new VerifiedLogin(storedHash, mac));
        return Optional.of(new Principal(a.username(), a.role(), null));
    }

    private Optional<Principal> byToken(String token) {
        if (!TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        Optional<ApiToken> found = store.tokenByHash(PasswordHasher.sha256Hex(token));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ApiToken t = found.get();
        Optional<Account> account = store.account(t.username());
        if (account.isEmpty()) {
            return Optional.empty();
        }
        OffsetDateTime now = now();
        // Written at most once a minute: a busy script must not turn every request into a write.
        if (t.lastUsed() == null || t.lastUsed().isBefore(now.minus(LAST_USED_STEP))) {
            store.save(new ApiToken(t.id(), t.username(), t.name(), t.secretHash(), t.created(), now));
        }
        return Optional.of(new Principal(account.get().username(), account.get().role(), t.id()));
    }

    @Override
    public boolean isSetUp() {
        if (!setUp) {
            setUp = !store.accounts().isEmpty();
        }
        return setUp;
    }

    @Override
    public synchronized Principal setUp(String password) {
        if (isSetUp()) {
            throw new IllegalStateException("Lectern is set up already.");
        }
        requireStrong("password", password);
        store.save(new Account(ADMIN_USER, hasher.hash(password), ROLE_ADMIN, now()));
        setUp = true;
        return new Principal(ADMIN_USER, ROLE_ADMIN, null);
    }

    @Override
    public void changePassword(String username, String currentPassword, String newPassword) {
        Account account = store.account(username)
                .filter(a -> currentPassword != null && hasher.verify(currentPassword, a.passwordHash()))
                .orElseThrow(() -> new PasswordException("currentPassword", "The current password is not right."));
        requireStrong("newPassword", newPassword);
        store.save(new Account(account.username(), hasher.hash(newPassword), account.role(), account.created()));
        verified.remove(username);
        LOG.info("Password of '{}' changed", username);
    }

    private static void requireStrong(String field, String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new PasswordException(field, "Use a password of at least " + MIN_PASSWORD_LENGTH + " characters.");
        }
    }

    @Override
    public List<UserInfo> users() {
        return store.accounts().stream()
                .sorted(Comparator.comparing(Account::username))
                .map(a -> new UserInfo(a.username(), a.role(), a.created()))
                .toList();
    }

    @Override
    public synchronized UserInfo createUser(String username, String password, String role) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("Use 1 to 32 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit.");
        }
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("Use the role admin or operator.");
        }
        requireStrong("password", password);
        if (store.account(username).isPresent()) {
            throw new IllegalArgumentException("There is a user '" + username + "' already.");
        }
        Account saved = store.save(new Account(username, hasher.hash(password), role, now()));
        setUp = true;
        LOG.info("User '{}' ({}) created", username, role);
        return new UserInfo(saved.username(), saved.role(), saved.created());
    }

    @Override
    public synchronized boolean deleteUser(String username) {
        Optional<Account> account = store.account(username);
        if (account.isEmpty()) {
            return false;
        }
        if (ROLE_ADMIN.equals(account.get().role())
                && store.accounts().stream().filter(a -> ROLE_ADMIN.equals(a.role())).count() <= 1) {
            throw new IllegalStateException("'" + username + "' is the last admin: make another admin first.");
        }
        store.tokens(username).forEach(t -> store.deleteToken(t.id()));
        boolean deleted = store.deleteAccount(username);
        verified.remove(username);
        sessions.endAll(username);
        LOG.info("User '{}' deleted", username);
        return deleted;
    }

    @Override
    public NewToken createToken(String username, String name) {
        if (store.account(username).isEmpty()) {
            throw new IllegalArgumentException("There is no user '" + username + "'.");
        }
        String secret = TOKEN_PREFIX + randomText(24);
        String id = randomText(9);
        String label = name == null || name.isBlank() ? "token" : name.strip();
        ApiToken saved = store.save(new ApiToken(id, username, label, PasswordHasher.sha256Hex(secret), now(), null));
        LOG.info("API token '{}' ({}) created for '{}'", saved.name(), saved.id(), username);
        return new NewToken(saved.id(), saved.name(), secret, saved.created());
    }

    @Override
    public List<TokenInfo> tokens(String username) {
        return store.tokens(username).stream()
                .map(t -> new TokenInfo(t.id(), t.username(), t.name(), t.created(), t.lastUsed()))
                .toList();
    }

    @Override
    public boolean revokeToken(String username, String id) {
        boolean own = store.tokens(username).stream().anyMatch(t -> t.id().equals(id));
        boolean deleted = own && store.deleteToken(id);
        if (deleted) {
            LOG.info("API token {} of '{}' revoked", id, username);
        }
        return deleted;
    }

    /** {@code bytes} random bytes as URL-safe Base64 (4 characters per 3 bytes). */
    private String randomText(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return URL_SAFE.encodeToString(b);
    }

    private byte[] mac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private record VerifiedLogin(String storedHash, byte[] mac) {
    }
}
