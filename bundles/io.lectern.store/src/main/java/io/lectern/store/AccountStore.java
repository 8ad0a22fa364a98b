package io.lectern.store;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Users and API tokens, for the auth bundle. */
@ProviderType
public interface AccountStore {

    Optional<Account> account(String username);

    List<Account> accounts();

    /** Inserts or replaces the account with that username. */
    Account save(Account account);

    boolean deleteAccount(String username);

    ApiToken save(ApiToken token);

    Optional<ApiToken> tokenByHash(String secretHash);

    List<ApiToken> tokens(String username);

    boolean deleteToken(String id);
}
