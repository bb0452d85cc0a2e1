package dev.openloop.server.modelconfig;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.server.json.Json;
import dev.openloop.server.store.Ids;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A config's id is a function of its parameters: the SHA-256 of its canonical JSON (defaults
 * applied, keys sorted, nulls left out), written in base 62. The same parameters give the same
 * {@code config_…} id on every node, with no coordination.
 *
 * <p>The display {@code name} and {@code description} are labels, not parameters: they do not
 * change what the provider is asked, so they are not part of the identity.
 */
public final class ConfigIdentity {
    private static final ObjectMapper CANONICAL = Json.pooled(JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build());
    private static final BigInteger BASE = BigInteger.valueOf(Ids.ALPHABET.length());
    private static final int LENGTH = 21;

    private ConfigIdentity() {
    }

    /** The id of {@code config}, which must have its defaults applied. */
    public static String idOf(ModelConfigRequest config) {
        ModelConfigRequest parameters = config.toBuilder().name(null).description(null).build();
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(parameters);
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical);
            return "config_" + base62(hash);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash a config", e);
        }
    }

    private static String base62(byte[] hash) {
        BigInteger value = new BigInteger(1, hash);
        StringBuilder out = new StringBuilder(LENGTH);
        while (out.length() < LENGTH) {
            BigInteger[] quotientAndRemainder = value.divideAndRemainder(BASE);
            out.append(Ids.ALPHABET.charAt(quotientAndRemainder[1].intValue()));
            value = quotientAndRemainder[0];
        }
        return out.toString();
    }
}
