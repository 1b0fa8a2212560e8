-- JWS ids (jti) of AgID ModI INTEGRITY_REST_01 signatures already used, per partner: a second use
-- is a replay. Shared by all gateway nodes; rows go when their token could not be accepted anyway.
CREATE TABLE modi_jti (
    partner_id  VARCHAR(64)  NOT NULL,
    jti         VARCHAR(128) NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_modi_jti PRIMARY KEY (partner_id, jti)
);

CREATE INDEX ix_modi_jti_expires ON modi_jti (expires_at);
