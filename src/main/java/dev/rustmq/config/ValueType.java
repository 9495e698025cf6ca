package dev.rustmq.config;

/** The kinds of value a configuration key holds. */
public enum ValueType {
    STRING("a string"),
    INT("an integer"),
    LONG("an integer"),
    DOUBLE("a number"),
    BOOLEAN("true or false"),
    STRING_LIST("a list of strings"),
    HOST_PORT("\"host:port\""),
    ENUM("one of the allowed values");

    private final String description;

    ValueType(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
