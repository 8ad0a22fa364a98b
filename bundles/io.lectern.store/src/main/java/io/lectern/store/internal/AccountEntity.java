package io.lectern.store.internal;

import java.time.LocalDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A dashboard/API user; the username is the key, so no id sequence is needed. */
@Entity
@Table(name = "lectern_account")
public class AccountEntity {

    @Id
    @Column(name = "username", length = 64)
    String username;

    @Column(name = "password_hash", nullable = false)
    String passwordHash;

    @Column(name = "role", nullable = false, length = 32)
    String role;

    @Column(name = "created", nullable = false)
    LocalDateTime created;
}
