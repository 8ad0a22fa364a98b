package io.lectern.store.internal;

import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.lectern.store.Account;
import io.lectern.store.AccountStore;
import io.lectern.store.ApiToken;
import io.lectern.store.StoreException;
import io.lectern.store.StoreException.Reason;

/** {@link AccountStore} on JPA. */
@Component(service = AccountStore.class)
public final class JpaAccountStore implements AccountStore {

    private final Database db;

    @Activate
    public JpaAccountStore(@Reference Database db) {
        this.db = db;
    }

    @Override
    public Optional<Account> account(String username) {
        return db.inTransaction(em -> Optional.ofNullable(username == null ? null : em.find(AccountEntity.class, username))
                .map(JpaAccountStore::account));
    }

    @Override
    public List<Account> accounts() {
        return db.inTransaction(em -> em.createQuery("SELECT a FROM AccountEntity a ORDER BY a.username", AccountEntity.class)
                .getResultList().stream().map(JpaAccountStore::account).toList());
    }

    @Override
    public Account save(Account account) {
        require(account != null, "an account is required");
        require(text(account.username(), 64), "a username has 1-64 characters");
        require(text(account.passwordHash(), 1000), "a password hash is required");
        require(text(account.role(), 32), "a role has 1-32 characters");
        return db.inTransaction(em -> {
            AccountEntity e = em.find(AccountEntity.class, account.username());
            if (e == null) {
                e = new AccountEntity();
                e.username = account.username();
                em.persist(e);
            }
            e.passwordHash = account.passwordHash();
            e.role = account.role();
            e.created = account.created() != null ? Utc.of(account.created()) : e.created != null ? e.created : Utc.now();
            return account(e);
        });
    }

    @Override
    public boolean deleteAccount(String username) {
        return db.inTransaction(em -> {
            AccountEntity e = username == null ? null : em.find(AccountEntity.class, username);
            if (e == null) {
                return false;
            }
            // Said in JPQL too, not left to the foreign key only, so nothing depends on the cascade.
            em.createQuery("DELETE FROM ApiTokenEntity t WHERE t.username = :u").setParameter("u", username).executeUpdate();
            em.remove(e);
            return true;
        });
    }

    @Override
    public ApiToken save(ApiToken token) {
        require(token != null, "a token is required");
        require(text(token.id(), 64), "a token id has 1-64 characters");
        require(text(token.name(), 200), "a token name has 1-200 characters");
        require(text(token.secretHash(), 200), "a token needs its secret's hash");
        return db.inTransaction(em -> {
            if (token.username() == null || em.find(AccountEntity.class, token.username()) == null) {
                throw new StoreException(Reason.NOT_FOUND, "no account is called '" + token.username() + "'");
            }
            ApiTokenEntity e = em.find(ApiTokenEntity.class, token.id());
            if (e == null) {
                e = new ApiTokenEntity();
                e.id = token.id();
                em.persist(e);
            }
            e.username = token.username();
            e.name = token.name();
            e.secretHash = token.secretHash();
            e.created = token.created() != null ? Utc.of(token.created()) : e.created != null ? e.created : Utc.now();
            e.lastUsed = Utc.of(token.lastUsed());
            em.flush();
            return token(e);
        });
    }

    @Override
    public Optional<ApiToken> tokenByHash(String secretHash) {
        if (secretHash == null) {
            return Optional.empty();
        }
        return db.inTransaction(em -> em.createQuery("SELECT t FROM ApiTokenEntity t WHERE t.secretHash = :h", ApiTokenEntity.class)
                .setParameter("h", secretHash).getResultStream().findFirst().map(JpaAccountStore::token));
    }

    @Override
    public List<ApiToken> tokens(String username) {
        return db.inTransaction(em -> em.createQuery(
                        "SELECT t FROM ApiTokenEntity t WHERE t.username = :u ORDER BY t.created, t.id", ApiTokenEntity.class)
                .setParameter("u", username).getResultList().stream().map(JpaAccountStore::token).toList());
    }

    @Override
    public boolean deleteToken(String id) {
        return db.inTransaction(em -> {
            ApiTokenEntity e = id == null ? null : em.find(ApiTokenEntity.class, id);
            if (e == null) {
                return false;
            }
            em.remove(e);
            return true;
        });
    }

    private static Account account(AccountEntity e) {
        return new Account(e.username, e.passwordHash, e.role, Utc.of(e.created));
    }

    private static ApiToken token(ApiTokenEntity e) {
        return new ApiToken(e.id, e.username, e.name, e.secretHash, Utc.of(e.created), Utc.of(e.lastUsed));
    }

    private static boolean text(String s, int max) {
        return s != null && !s.isBlank() && s.length() <= max;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new StoreException(Reason.INVALID, message);
        }
    }
}
