-- Dashboard/API users and their Bearer tokens (only hashes of secrets are kept).

CREATE TABLE lectern_account (
    username VARCHAR(64) NOT NULL PRIMARY KEY,
    password_hash VARCHAR(1000) NOT NULL,
    role VARCHAR(32) NOT NULL,
    created TIMESTAMP NOT NULL
);

CREATE TABLE lectern_api_token (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    username VARCHAR(64) NOT NULL,
    name VARCHAR(200) NOT NULL,
    secret_hash VARCHAR(200) NOT NULL,
    created TIMESTAMP NOT NULL,
    last_used TIMESTAMP,
    CONSTRAINT lectern_api_token_account_fk FOREIGN KEY (username) REFERENCES lectern_account (username) ON DELETE CASCADE,
    CONSTRAINT lectern_api_token_secret_uq UNIQUE (secret_hash)
);

CREATE INDEX lectern_api_token_username ON lectern_api_token (username);
