package io.lectern.auth;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Checks who is calling and manages the admin accounts and their API tokens. Failed sign-ins are
 * counted per client address: too many in a short time block that address for a while.
 * <p>
 * Store failures surface as {@link io.lectern.store.StoreException}.
 */
@ProviderType
public interface Authenticator {

    /** Request attribute that holds the {@link Principal} once the auth filter let a request in. */
    String USER_ATTRIBUTE = "io.lectern.auth.principal";

    /** The role that may do everything. */
    String ROLE_ADMIN = "admin";

    /** The role that may look at everything and start and stop streams, but change nothing else. */
    String ROLE_OPERATOR = "operator";

    /** The cookie that names a {@link BrowserSession}. */
    String SESSION_COOKIE = "lectern_session";

    /** The header that must carry the session's CSRF token on requests that change something. */
    String CSRF_HEADER = "X-CSRF-Token";

    /** The user the first-run setup creates. */
    String ADMIN_USER = "admin";

    int MIN_PASSWORD_LENGTH = 8;

    /**
     * Checks the request's {@code Authorization} header: HTTP Basic with a user's password, or
     * {@code Bearer lct_…} with an API token. Wrong credentials count as a failed attempt of the
     * client's address; a missing header does not.
     */
    Optional<Principal> authenticate(HttpServletRequest request);

    /** Checks a user name and password (e.g. from a sign-in form) for a client at {@code address}. */
    Optional<Principal> login(String username, String password, String address);

    /** Starts a browser session for a signed-in user. */
    BrowserSession startSession(Principal principal);

    /** The live session named by the request's {@link #SESSION_COOKIE}; using it resets its idle time. */
    Optional<BrowserSession> session(HttpServletRequest request);

    /** Ends a session; nothing if it has ended already. */
    void endSession(String id);

    /** How long {@code address} must still wait after too many failed attempts; empty when it may try. */
    Optional<Duration> blockedFor(String address);

    /** Whether an account exists; until then only the first-run setup is possible. */
    boolean isSetUp();

    /**
     * Creates the {@link #ADMIN_USER} account with {@code password}; works only while no account
     * exists.
     *
     * @throws IllegalStateException when an account exists already
     * @throws PasswordException     when the password is too short
     */
    Principal setUp(String password);

    /**
     * @throws PasswordException when {@code currentPassword} is wrong (field {@code currentPassword})
     *                           or {@code newPassword} is too short (field {@code newPassword})
     */
    void changePassword(String username, String currentPassword, String newPassword);

    List<UserInfo> users();

    /**
     * Adds an account with the role {@link #ROLE_ADMIN} or {@link #ROLE_OPERATOR}.
     *
     * @throws PasswordException        when the password is too short (field {@code password})
     * @throws IllegalArgumentException when the name or role cannot be used, or the name is taken
     */
    UserInfo createUser(String username, String password, String role);

    /**
     * Deletes an account with its tokens and sessions; false when there is none.
     *
     * @throws IllegalStateException when it is the last admin
     */
    boolean deleteUser(String username);

    /** Makes an API token for {@code username}; the returned secret is the only copy. */
    NewToken createToken(String username, String name);

    List<TokenInfo> tokens(String username);

    /** Deletes one of the user's tokens; false when the user has no token with that id. */
    boolean revokeToken(String username, String id);
}
