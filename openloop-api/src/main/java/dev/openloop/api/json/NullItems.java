package dev.openloop.api.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.ArrayType;
import com.fasterxml.jackson.databind.type.CollectionType;
import com.fasterxml.jackson.databind.type.MapType;
import com.fasterxml.jackson.databind.util.AccessPattern;
import java.io.IOException;

/**
 * Refuses {@code null} as an item of a JSON array: no v4 schema allows it, and Jackson would put
 * it into the list as it is, for code further on to trip over.
 *
 * <p>Jackson asks the item type's deserializer for the value of a {@code null} item (its
 * {@link JsonDeserializer#getNullValue(DeserializationContext)}), and asks the same for a
 * {@code null} field. So every deserializer is wrapped in one that, when the {@code null} stands
 * in an array, hands it to {@link DeserializationContext#handleUnexpectedToken}: that fails, or,
 * when a problem handler is installed, lets it note the problem and carry on. A {@code null}
 * field, map value or root stays {@code null}. Untyped values ({@code Object}, {@link JsonNode})
 * are left alone: they hold any JSON, {@code null} items included.
 */
final class NullItems {
    private NullItems() {
    }

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("openloop-null-items");
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription beanDesc,
                    JsonDeserializer<?> deserializer) {
                return refusingNullItems(beanDesc.getType(), deserializer);
            }

            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                    BeanDescription beanDesc, JsonDeserializer<?> deserializer) {
                return refusingNullItems(type, deserializer);
            }

            @Override
            public JsonDeserializer<?> modifyCollectionDeserializer(DeserializationConfig config, CollectionType type,
                    BeanDescription beanDesc, JsonDeserializer<?> deserializer) {
                return refusingNullItems(type, deserializer);
            }

            @Override
            public JsonDeserializer<?> modifyArrayDeserializer(DeserializationConfig config, ArrayType type,
                    BeanDescription beanDesc, JsonDeserializer<?> deserializer) {
                return refusingNullItems(type, deserializer);
            }

            @Override
            public JsonDeserializer<?> modifyMapDeserializer(DeserializationConfig config, MapType type,
                    BeanDescription beanDesc, JsonDeserializer<?> deserializer) {
                return refusingNullItems(type, deserializer);
            }
        });
        return module;
    }

    private static JsonDeserializer<?> refusingNullItems(JavaType type, JsonDeserializer<?> deserializer) {
        if (type.hasRawClass(Object.class) || type.isTypeOrSubTypeOf(JsonNode.class)) {
            return deserializer;
        }
        return new Refusing(type, deserializer);
    }

    /** A deserializer that refuses {@code null} where it stands for an array item. */
    private static final class Refusing extends DelegatingDeserializer {
        private final JavaType type;

        Refusing(JavaType type, JsonDeserializer<?> delegatee) {
            super(delegatee);
            this.type = type;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new Refusing(type, newDelegatee);
        }

        @Override
        public Object getNullValue(DeserializationContext ctxt) throws JsonMappingException {
            JsonParser p = ctxt.getParser();
            if (p == null || !p.hasToken(JsonToken.VALUE_NULL) || !p.getParsingContext().inArray()) {
                return _delegatee.getNullValue(ctxt);
            }
            try {
                return ctxt.handleUnexpectedToken(type, JsonToken.VALUE_NULL, p,
                        "none is not an allowed value");
            } catch (JsonMappingException e) {
                throw e;
            } catch (IOException e) {
                throw JsonMappingException.from(p, "could not read a null item", e);
            }
        }

        @Override
        public AccessPattern getNullAccessPattern() {
            // The answer depends on where the null stands, so it must be asked for every time.
            return AccessPattern.DYNAMIC;
        }
    }
}
