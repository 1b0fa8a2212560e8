package it.pis.gateway.security;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.security.SecureRandom;
import java.util.concurrent.Semaphore;

/**
 * Password hashes and the password rules. Argon2id (BouncyCastle) with OWASP's minimum for it:
 * 19 MiB of memory, 2 passes, 1 lane, 16-byte salt, 32-byte hash, stored in PHC form
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), so that parameters raised later still
 * verify old hashes. Argon2id rather than bcrypt: memory-hard (GPU guessing costs memory, not only
 * time), no 72-byte truncation, the winner of the Password Hashing Competition and OWASP's first
 * choice. One check costs about 0.2 s of CPU and 19 MiB here, so at most {@link #CONCURRENT}
 * run at once: a flood of logins queues instead of exhausting memory.
 */
public final class Passwords {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;
    static final int CONCURRENT = 4;
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    public static PasswordEncoder encoder() {
        return new Bounded(new Argon2PasswordEncoder(16, 32, 1, 19456, 2));
    }

    /** Why this password may not be used, or null. Length is what counts (NIST SP 800-63B), not character classes. */
    public static String problem(String username, CharSequence password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "a password needs at least " + MIN_LENGTH + " characters";
        }
        if (password.length() > MAX_LENGTH) {
            return "a password has at most " + MAX_LENGTH + " characters";
        }
        if (password.toString().toLowerCase().contains(username.toLowerCase())) {
            return "the password may not contain the user name";
        }
        return null;
    }

    /** 20 characters from 56 unambiguous ones: about 116 bits. */
    public static String generate() {
        StringBuilder s = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    /** At most {@link #CONCURRENT} hashes at a time. */
    private static final class Bounded implements PasswordEncoder {
        private final PasswordEncoder delegate;
        private final Semaphore slots = new Semaphore(CONCURRENT, true);

        Bounded(PasswordEncoder delegate) {
            this.delegate = delegate;
        }

        @Override
        public String encode(CharSequence raw) {
            slots.acquireUninterruptibly();
            try {
                return delegate.encode(raw);
            } finally {
                slots.release();
            }
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            slots.acquireUninterruptibly();
            try {
                return delegate.matches(raw, encoded);
            } finally {
                slots.release();
            }
        }
    }
}
