package io.lectern.store.internal;

import java.time.LocalDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An API token; the database deletes it with its account (foreign key ON DELETE CASCADE). */
@Entity
@Table(name = "lectern_api_token")
public class ApiTokenEntity {

    @Id
    @Column(name = "id", length = 64)
    String id;

    @Column(name = "username", nullable = false, length = 64)
    String username;

    @Column(name = "name", nullable = false)
    String name;

    @Column(name = "secret_hash", nullable = false, unique = true)
    String secretHash;

    @Column(name = "created", nullable = false)
    LocalDateTime created;

    @Column(name = "last_used")
    LocalDateTime lastUsed;
}
