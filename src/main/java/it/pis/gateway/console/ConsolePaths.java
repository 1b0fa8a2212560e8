package it.pis.gateway.console;

import java.util.UUID;

/** Reading ids from console URLs: a malformed or unknown one is a page that says so, never a 500. */
final class ConsolePaths {

    private ConsolePaths() {
    }

    /** Something the URL names does not exist; {@code key} is the message shown. */
    static class NotFound extends RuntimeException {
        NotFound(String key) {
            super(key);
        }
    }

    /** A URL's id, or {@link NotFound} ("no such report") when it is not a UUID. */
    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFound("console.notFound");
        }
    }
}
