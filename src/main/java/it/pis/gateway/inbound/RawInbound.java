package it.pis.gateway.inbound;

/**
 * A message as it came off the wire, before anything was made of it: enough to journal it even
 * when the very first step fails.
 */
public interface RawInbound {

    String channel();

    byte[] bytes();
}
