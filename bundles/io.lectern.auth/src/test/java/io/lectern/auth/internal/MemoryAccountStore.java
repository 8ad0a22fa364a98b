package io.lectern.auth.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.lectern.store.Account;
import io.lectern.store.AccountStore;
import io.lectern.store.ApiToken;

/** An {@link AccountStore} in memory, for tests. */
public class MemoryAccountStore implements AccountStore {

    public final Map<String, Account> accounts = new ConcurrentHashMap<>();
    public final Map<String, ApiToken> tokens = new ConcurrentHashMap<>();

    @Override
    public Optional<Account> account(String username) {
        return Optional.ofNullable(accounts.get(username));
    }

    @Override
    public List<Account> accounts() {
        return new ArrayList<>(accounts.values());
    }

    @Override
    public Account save(Account account) {
        accounts.put(account.username(), account);
        return account;
    }

    @Override
    public boolean deleteAccount(String username) {
        return accounts.remove(username) != null;
    }

    @Override
    public ApiToken save(ApiToken token) {
        tokens.put(token.id(), token);
        return token;
    }

    @Override
    public Optional<ApiToken> tokenByHash(String secretHash) {
        return tokens.values().stream().filter(t -> t.secretHash().equals(secretHash)).findFirst();
    }

    @Override
    public List<ApiToken> tokens(String username) {
        return tokens.values().stream().filter(t -> t.username().equals(username)).toList();
    }

    @Override
    public boolean deleteToken(String id) {
        return tokens.remove(id) != null;
    }
}
