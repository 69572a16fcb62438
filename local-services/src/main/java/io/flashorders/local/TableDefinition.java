package io.flashorders.local;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The order table as defined in {@value #RESOURCE}, the single source of its definition: DynamoDB Local is created from
 * it here, and Terraform's {@code aws_dynamodb_table} reads the same file (its keys are that resource's argument
 * names). Unknown keys are rejected, so that a misspelt setting fails instead of being left out. Shape:
 *
 * <pre>{@code
 * {"name": "...", "billing_mode": "PAY_PER_REQUEST", "hash_key": "pk",
 *  "attribute": [{"name": "pk", "type": "S"}, ...],
 *  "global_secondary_index": [{"name": "...", "hash_key": "...", "range_key": "...", "projection_type": "KEYS_ONLY"}],
 *  "ttl": {"attribute_name": "expires_at", "enabled": true}}
 * }</pre>
 */
public record TableDefinition(String name, String billingMode, String hashKey, List<Attribute> attributes,
                              List<GlobalSecondaryIndex> globalSecondaryIndexes, Ttl ttl) {

    /** Classpath location (and file name under {@code local-services/src/main/resources/}). */
    public static final String RESOURCE = "order-table.json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** A key attribute and its type: {@code S}, {@code N} or {@code B}. */
    public record Attribute(@JsonProperty(value = "name", required = true) String name,
                            @JsonProperty(value = "type", required = true) String type) {
    }

    public record GlobalSecondaryIndex(@JsonProperty(value = "name", required = true) String name,
                                       @JsonProperty(value = "hash_key", required = true) String hashKey,
                                       @JsonProperty("range_key") String rangeKey,
                                       @JsonProperty(value = "projection_type", required = true) String projectionType) {
    }

    public record Ttl(@JsonProperty(value = "attribute_name", required = true) String attributeName,
                      @JsonProperty(value = "enabled", required = true) boolean enabled) {
    }

    @JsonCreator
    public TableDefinition(@JsonProperty(value = "name", required = true) String name,
                           @JsonProperty(value = "billing_mode", required = true) String billingMode,
                           @JsonProperty(value = "hash_key", required = true) String hashKey,
                           @JsonProperty(value = "attribute", required = true) List<Attribute> attributes,
                           @JsonProperty("global_secondary_index") List<GlobalSecondaryIndex> globalSecondaryIndexes,
                           @JsonProperty("ttl") Ttl ttl) {
        this.name = Objects.requireNonNull(name, "name");
        this.billingMode = Objects.requireNonNull(billingMode, "billing_mode");
        this.hashKey = Objects.requireNonNull(hashKey, "hash_key");
        this.attributes = List.copyOf(attributes);
        this.globalSecondaryIndexes = globalSecondaryIndexes == null ? List.of() : List.copyOf(globalSecondaryIndexes);
        this.ttl = ttl;
        check();
    }

    /** The shipped {@value #RESOURCE} from the classpath. */
    public static TableDefinition load() {
        try (InputStream in = TableDefinition.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** @throws IllegalArgumentException when the JSON is malformed or the definition inconsistent */
    public static TableDefinition read(InputStream json) {
        try {
            return MAPPER.readValue(json, TableDefinition.class);
        } catch (IOException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException invalid) {
                throw invalid;
            }
            throw new IllegalArgumentException("invalid table definition: " + e.getMessage(), e);
        }
    }

    /** DynamoDB declares exactly the attributes that are keys of the table or of an index: no more, no fewer. */
    private void check() {
        Set<String> declared = new HashSet<>();
        for (Attribute attribute : attributes) {
            if (!Set.of("S", "N", "B").contains(attribute.type())) {
                throw new IllegalArgumentException("attribute " + attribute.name() + " has type " + attribute.type() + "; S, N or B");
            }
            if (!declared.add(attribute.name())) {
                throw new IllegalArgumentException("attribute " + attribute.name() + " is declared twice");
            }
        }
        Set<String> keys = new HashSet<>(Set.of(hashKey));
        for (GlobalSecondaryIndex index : globalSecondaryIndexes) {
            keys.add(index.hashKey());
            if (index.rangeKey() != null) {
                keys.add(index.rangeKey());
            }
        }
        if (!declared.equals(keys)) {
            throw new IllegalArgumentException("the attributes declared " + declared + " must be exactly the key attributes " + keys);
        }
    }
}
