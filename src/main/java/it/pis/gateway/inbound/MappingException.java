package it.pis.gateway.inbound;

/** A field of the message could not be turned into its Report field; names the field and the source path. */
public class MappingException extends RuntimeException {

    public MappingException(String target, String path, String problem) {
        super("mapping failed on field " + target + (path == null ? "" : " (" + path + ")") + ": " + problem);
    }
}
