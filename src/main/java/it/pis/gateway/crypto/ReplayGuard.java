package it.pis.gateway.crypto;

import java.time.Instant;

/**
 * Where ModI's JWS ids ({@code jti}) are remembered, so that each is used once per partner. The
 * journal keeps them ({@code it.pis.gateway.journal.ModiReplayGuard}), shared by every node.
 */
public interface ReplayGuard {

    /**
     * Records the jti; false when the partner used it before.
     *
     * @param forgetAfter when the token is past its freshness window and the jti may be forgotten
     * @throws org.springframework.dao.DataAccessException the store is down (the caller answers 503)
     */
    boolean firstUse(String partnerId, String jti, Instant forgetAfter);
}
