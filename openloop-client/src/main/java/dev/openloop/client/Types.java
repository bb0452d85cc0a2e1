package dev.openloop.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.openloop.api.common.PaginatedData;
import java.util.List;

/** The answer types the groups read bodies as. */
final class Types {
    private static final TypeFactory FACTORY = Json.MAPPER.getTypeFactory();

    /** No body: a 204 answer. */
    static final JavaType VOID = FACTORY.constructType(Void.class);
    /** Any JSON, untyped. */
    static final JavaType JSON = FACTORY.constructType(JsonNode.class);

    private Types() {
    }

    static JavaType of(Class<?> type) {
        return FACTORY.constructType(type);
    }

    static JavaType listOf(Class<?> item) {
        return FACTORY.constructCollectionType(List.class, item);
    }

    static JavaType pageOf(Class<?> item) {
        return FACTORY.constructParametricType(PaginatedData.class, item);
    }
}
