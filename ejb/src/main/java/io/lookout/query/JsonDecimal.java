package io.lookout.query;

import jakarta.json.bind.serializer.JsonbSerializer;
import jakarta.json.bind.serializer.SerializationContext;
import jakarta.json.stream.JsonGenerator;
import java.math.BigDecimal;

/**
 * Writes a double the way the API always has, as JSON-P writes a number ({@code BigDecimal.valueOf}):
 * {@code 1796448865.3181164}, where JSON-B's default would write {@code 1.7964488653181164E9}. Both
 * read back as the same double; clients and stored answers see no change. For the {@code double}
 * components of the API's records: {@code @JsonbTypeSerializer(JsonDecimal.class)}.
 */
public class JsonDecimal implements JsonbSerializer<Double> {

    @Override
    public void serialize(Double value, JsonGenerator generator, SerializationContext context) {
        generator.write(BigDecimal.valueOf(value));
    }
}
