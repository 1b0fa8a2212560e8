-- The centre's staff who log in to the staff API and console (issue 8). Created by the CLI
-- (java -jar pis-gateway.jar users add ...), never by the application at run time, except the
-- documented demo users of the embedded default (pis.security.demo-users).
-- Written for PostgreSQL; H2 runs it in MODE=PostgreSQL.

CREATE TABLE staff_user (
    username             VARCHAR(128)  PRIMARY KEY,
    -- Argon2id in PHC form ($argon2id$v=19$m=...,t=...,p=...$salt$hash); NULL: logs in only through OIDC
    password_hash        VARCHAR(256),
    -- comma-separated, from OPERATOR, ADMIN, AUDITOR, METRICS
    roles                VARCHAR(128)  NOT NULL,
    enabled              BOOLEAN       NOT NULL,
    -- a documented demo user of the embedded default: refused at start-up in production
    demo                 BOOLEAN       NOT NULL DEFAULT FALSE,
    -- consecutive failed logins, and until when the password is refused after too many
    failed_logins        INTEGER       NOT NULL DEFAULT 0,
    locked_until         TIMESTAMP WITH TIME ZONE,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    password_changed_at  TIMESTAMP WITH TIME ZONE
);
